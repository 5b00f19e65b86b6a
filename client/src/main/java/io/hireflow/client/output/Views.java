package io.hireflow.client.output;

import com.fasterxml.jackson.databind.JsonNode;
import io.hireflow.client.batch.PostSummary;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The human-readable views of the API's answers; {@code --json} prints the answers themselves instead. */
public final class Views {

    private static final String NL = System.lineSeparator();

    private Views() {
    }

    /** {@code name: value} lines for the scalar members of an object; nested values as compact JSON. */
    public static String fields(JsonNode object) {
        int width = 0;
        for (Iterator<String> names = object.fieldNames(); names.hasNext();) {
            width = Math.max(width, names.next().length());
        }
        StringBuilder text = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            text.append(String.format(Locale.ROOT, "%-" + (width + 1) + "s %s", field.getKey() + ":",
                    scalar(field.getValue()))).append(NL);
        }
        return text.toString();
    }

    /** Rows of objects as a table, columns named by the first row's members. */
    public static String rows(JsonNode rows) {
        if (!rows.isArray() || rows.isEmpty()) {
            return "(no rows)";
        }
        List<String> names = new ArrayList<>();
        rows.get(0).fieldNames().forEachRemaining(names::add);
        TextTable table = new TextTable(names.toArray(String[]::new));
        for (JsonNode row : rows) {
            table.row(names.stream().map(n -> scalar(row.path(n))).toArray());
        }
        return table.render();
    }

    public static String tables(JsonNode tables) {
        TextTable table = new TextTable("table", "rows", "columns");
        for (JsonNode t : tables) {
            String columns = stream(t.path("columns")).map(c -> c.path("name").asText() + " "
                    + c.path("type").asText() + (c.hasNonNull("maxLength") ? "(" + c.get("maxLength").asInt() + ")" : "")
                    + (c.hasNonNull("references") ? " -> " + c.get("references").asText() : ""))
                    .collect(Collectors.joining(", "));
            table.row(t.path("name").asText(), t.path("rows").asLong(), columns);
        }
        return table.render();
    }

    public static String post(PostSummary summary) {
        StringBuilder text = new StringBuilder("Posted to " + summary.table() + ": " + summary.files().size()
                + (summary.files().size() == 1 ? " file, " : " files, ") + summary.batches()
                + (summary.batches() == 1 ? " batch" : " batches") + (summary.atomic() ? " (atomic)" : "") + NL);
        TextTable table = summary.atomic()
                ? new TextTable("file", "batches", "sent", "inserted", "rejected", "left out")
                : new TextTable("file", "batches", "sent", "inserted", "rejected");
        for (PostSummary.FileResult f : summary.files()) {
            table.row(cells(summary.atomic(), f.file(), f.batches(), f.sent(), f.inserted(), f.rejected(),
                    f.notInserted()));
        }
        if (summary.files().size() > 1) {
            table.row(cells(summary.atomic(), "total", summary.batches(), summary.sent(), summary.inserted(),
                    summary.rejected(), summary.notInserted()));
        }
        text.append(table.render());
        if (!summary.rejectedByRule().isEmpty()) {
            text.append("Rejected by rule: ").append(byRule(summary.rejectedByRule())).append(NL);
        }
        if (summary.notInserted() > 0) {
            text.append(summary.notInserted()).append(" valid rows were left out because their atomic batch held a")
                    .append(" rejected row").append(NL);
        }
        if (summary.rejectsFile() != null) {
            text.append("Rejected rows, with reasons and source lines: ").append(summary.rejectsFile()).append(NL);
        }
        return text.toString();
    }

    public static String historyLoad(JsonNode load) {
        StringBuilder text = new StringBuilder("History load " + load.path("id").asText() + ": "
                + load.path("status").asText() + (load.path("dryRun").asBoolean() ? " (dry run)" : "") + NL);
        TextTable table = new TextTable("table", "file", "status", "read", "inserted", "rejected", "seconds",
                "rows/s", "message");
        for (JsonNode t : load.path("tables")) {
            table.row(t.path("table").asText(), t.path("file").asText(""), t.path("status").asText(),
                    t.path("rowsRead").asLong(), t.path("rowsInserted").asLong(), t.path("rowsRejected").asLong(),
                    String.format(Locale.ROOT, "%.1f", t.path("seconds").asDouble()),
                    String.format(Locale.ROOT, "%,.0f", t.path("rowsPerSecond").asDouble()),
                    t.path("message").asText(""));
        }
        if (!table.isEmpty()) {
            text.append(table.render());
        }
        for (JsonNode t : load.path("tables")) {
            if (t.path("rejectedByRule").size() > 0) {
                text.append("Rejected in ").append(t.path("table").asText()).append(": ")
                        .append(byRule(counts(t.path("rejectedByRule")))).append(NL);
            }
        }
        return text.toString();
    }

    public static String backupSet(JsonNode set) {
        return "Backup set " + set.path("setId").asText() + " at " + set.path("createdAt").asText() + NL
                + backups(set.path("backups"));
    }

    public static String backups(JsonNode backups) {
        TextTable table = new TextTable("table", "id", "created", "rows", "bytes", "codec", "set");
        for (JsonNode b : backups) {
            table.row(b.path("table").asText(), b.path("id").asText(), b.path("createdAt").asText(),
                    b.path("rows").asLong(), b.path("bytes").asLong(), b.path("codec").asText(""),
                    b.path("setId").asText(""));
        }
        return table.isEmpty() ? "(no backups)" : table.render();
    }

    /**
     * A restore of one table, in words: only what means something to the reader (the digest check only after
     * a swap, the schema note only when the backup's schema was resolved to the current one).
     */
    public static String restore(JsonNode result) {
        boolean dryRun = result.path("dryRun").asBoolean();
        String table = result.path("table").asText();
        String backup = result.path("backup").asText();
        StringBuilder text = new StringBuilder(dryRun
                ? "Dry run: " + table + " can be restored from backup " + backup + "; every check passed, nothing"
                        + " was changed." + NL
                : "Restored " + table + " from backup " + backup + "." + NL);
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put(dryRun ? "rows in the backup" : "rows", result.path("rows").asLong() + " ("
                + (dryRun ? "the live table has " : "the table had ") + result.path("rowsBefore").asLong()
                + (dryRun ? " now)" : " before)"));
        lines.put("content digest", result.path("contentDigest").asText("") + digestCheck(result));
        if (result.path("schemaResolved").asBoolean()) {
            lines.put("schema", "written with an older, compatible schema; read through Avro schema resolution");
        }
        lines.put("took", String.format(Locale.ROOT, "%.2f s", result.path("seconds").asDouble()));
        lines.entrySet().removeIf(e -> e.getValue().isBlank());
        return text.append(aligned(lines)).toString();
    }

    /** An import (or its dry run): the backup it became, the file's record and how each column was read. */
    public static String imported(JsonNode result) {
        boolean dryRun = result.path("dryRun").asBoolean();
        JsonNode origin = result.path("origin");
        StringBuilder text = new StringBuilder(dryRun
                ? "Dry run: the file can be imported as a backup of " + result.path("table").asText() + "; every "
                        + "check passed, nothing was stored." + NL
                : "Imported as backup " + result.path("backup").path("id").asText() + " of "
                        + result.path("table").asText() + "." + NL);
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put("rows", Long.toString(result.path("rows").asLong()));
        lines.put("file", origin.path("schemaName").asText() + ", " + origin.path("codec").asText() + ", "
                + origin.path("bytes").asLong() + " bytes");
        for (JsonNode field : origin.path("mapping")) {
            lines.put(field.path("column").asText(), field.path("fieldType").asText() + ": "
                    + field.path("conversion").asText());
        }
        if (!origin.path("ignoredFields").isEmpty()) {
            lines.put("ignored fields", String.join(", ", stream(origin.path("ignoredFields")).map(JsonNode::asText)
                    .toList()));
        }
        return text.append(aligned(lines)).toString();
    }

    /** What a refused import names: each unmappable field and why, or the first bad rows with their rules. */
    public static String importRefusal(JsonNode problem) {
        StringBuilder text = new StringBuilder();
        for (JsonNode field : problem.path("fields")) {
            text.append("  ").append(field.path("field").asText()).append(": ").append(field.path("reason").asText())
                    .append(NL);
        }
        for (JsonNode row : problem.path("rows")) {
            text.append("  row ").append(row.path("row").asLong()).append(' ').append(row.path("values"))
                    .append(": ").append(String.join("; ", stream(row.path("errors"))
                            .map(e -> e.path("message").asText()).toList())).append(NL);
        }
        return text.toString();
    }

    /** A restore of a whole backup set: one line per table, parents first. */
    public static String setRestore(JsonNode result) {
        boolean dryRun = result.path("dryRun").asBoolean();
        String set = result.path("setId").asText();
        StringBuilder text = new StringBuilder(dryRun
                ? "Dry run: backup set " + set + " can be restored; every check passed, nothing was changed."
                : "Restored backup set " + set + " in one swap.");
        text.append(String.format(Locale.ROOT, " (%.2f s)", result.path("seconds").asDouble())).append(NL);
        TextTable table = dryRun ? new TextTable("table", "backup", "rows in backup", "rows now", "content digest")
                : new TextTable("table", "backup", "rows", "rows before", "content digest");
        boolean resolved = false;
        for (JsonNode t : result.path("tables")) {
            table.row(t.path("table").asText(), t.path("backup").asText(), t.path("rows").asLong(),
                    t.path("rowsBefore").asLong(), t.path("contentDigest").asText("") + digestCheck(t));
            resolved |= t.path("schemaResolved").asBoolean();
        }
        text.append(table.render());
        if (resolved) {
            text.append("Some backups were written with an older, compatible schema and read through Avro schema "
                    + "resolution.").append(NL);
        }
        return text.toString();
    }

    /** The backup schedule: on or off, the next tick, and the last run with its outcome and what it left. */
    public static String schedule(JsonNode schedule) {
        Map<String, String> lines = new LinkedHashMap<>();
        if (schedule.path("enabled").asBoolean()) {
            lines.put("schedule", schedule.path("cron").asText() + " (" + schedule.path("timeZone").asText() + ")");
            lines.put("next run", schedule.path("nextRun").asText(""));
        } else {
            lines.put("schedule", "off (set hireflow.backup.schedule.cron on the API, e.g. "
                    + "HIREFLOW_BACKUP_SCHEDULE_CRON='0 30 2 * * ?' for 02:30 every night)");
        }
        JsonNode last = schedule.path("lastRun");
        if (!last.isObject()) {
            lines.put("last run", "none yet");
            return aligned(lines);
        }
        lines.put("last run", "tick " + last.path("tick").asText() + ", " + last.path("outcome").asText()
                + (last.hasNonNull("setId") ? ", backup set " + last.path("setId").asText() : ""));
        lines.put("ran on", last.path("replica").asText());
        lines.put("started", last.path("startedAt").asText(""));
        lines.put("finished", last.path("finishedAt").asText(""));
        lines.put("message", last.path("message").asText(""));
        lines.entrySet().removeIf(e -> e.getValue().isBlank());
        return aligned(lines);
    }

    // Only a swap compares the live table with the backup; a dry run leaves the live table as it was.
    private static String digestCheck(JsonNode result) {
        JsonNode matches = result.path("digestMatches");
        if (!matches.isBoolean()) {
            return "";
        }
        return matches.asBoolean() ? " (the live table matches the backup)"
                : " (MISMATCH: the live table does not match the backup)";
    }

    private static String aligned(Map<String, String> lines) {
        int width = lines.keySet().stream().mapToInt(String::length).max().orElse(0) + 1;
        StringBuilder text = new StringBuilder();
        lines.forEach((label, value) -> text.append(String.format(Locale.ROOT, "%-" + width + "s %s", label + ":",
                value)).append(NL));
        return text.toString();
    }

    public static String report(JsonNode report) {
        StringBuilder text = new StringBuilder(report.path("report").asText() + " " + report.path("year").asText()
                + ": " + report.path("rowCount").asLong() + (report.path("rowCount").asLong() == 1 ? " row" : " rows"));
        if (report.has("mean")) {
            text.append(String.format(Locale.ROOT, ", mean %.2f hires", report.path("mean").asDouble()));
            if (report.hasNonNull("meanOver")) {
                text.append(" over ").append(report.get("meanOver").asText());
            }
        }
        return text.append(NL).append(rows(report.path("rows"))).toString();
    }

    /** A render answer whose files carry {@code savedTo} (where the client downloaded each). */
    public static String render(JsonNode render) {
        TextTable table = new TextTable("file", "bytes", "saved to");
        for (JsonNode f : render.path("files")) {
            table.row(f.path("name").asText(), f.path("bytes").asLong(), f.path("savedTo").asText());
        }
        return "Rendered the " + render.path("year").asText() + " reports in " + render.path("directory").asText()
                + NL + table.render();
    }

    /** {@code rule n, …} in the map's order. */
    public static String byRule(Map<String, Long> byRule) {
        return byRule.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    /** A JSON object of counts as a map, in the object's order. */
    private static Map<String, Long> counts(JsonNode object) {
        Map<String, Long> counts = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
        return counts;
    }

    private static Object[] cells(boolean atomic, Object... all) {
        return atomic ? all : java.util.Arrays.copyOf(all, all.length - 1);
    }

    private static String scalar(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return "";
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    private static <T> java.util.stream.Stream<T> stream(Iterator<T> items) {
        Iterable<T> iterable = () -> items;
        return java.util.stream.StreamSupport.stream(iterable.spliterator(), false);
    }

    private static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
        return stream(array.elements());
    }
}
