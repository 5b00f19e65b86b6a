package io.hireflow.client.cli;

import picocli.CommandLine.Parameters;

/** The {@code TABLE ID} pair that names one thing of a table: a row ({@code get}) or a backup ({@code verify}). */
class TableAndId {

    @Parameters(index = "0", paramLabel = "TABLE", description = "departments, jobs or employees.")
    String table;

    @Parameters(index = "1", paramLabel = "ID")
    String id;

    /** {@code /tables/TABLE/<collection>/ID}, each segment escaped. */
    String path(String collection) {
        return "/tables/" + Paths.segment(table) + "/" + collection + "/" + Paths.segment(id);
    }
}
