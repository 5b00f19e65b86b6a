package io.hireflow.api.dictionary;

import io.hireflow.api.problem.ProblemException;

/** Resolves a table name from a request, or answers 404 listing the tables there are. */
public final class Tables {

    private Tables() {
    }

    public static Table require(String name) {
        return Table.byName(name).orElseThrow(() -> ProblemException
                .notFound("unknown-table", "Unknown table",
                        "There is no table '" + name + "'; the tables are " + String.join(", ", Table.names()))
                .with("knownTables", Table.names()));
    }
}
