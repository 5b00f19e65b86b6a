package io.hireflow.api.observe;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tags of the OpenAPI document, one per area a user of the API works in. Generated clients make one class or
 * module per tag ({@code RowsApi}, {@code backups_api.py}), so these names are part of every client's surface:
 * rename one only as a breaking change.
 */
public final class ApiTags {

    public static final String TABLES = "tables";
    public static final String ROWS = "rows";
    public static final String REJECTS = "rejects";
    public static final String HISTORY = "history";
    public static final String BACKUPS = "backups";
    public static final String REPORTS = "reports";

    /** Every tag with its description, in the order Swagger UI shows them. */
    static final Map<String, String> DESCRIPTIONS = describe(
            TABLES, "The data dictionary: tables, their columns, the rules a row must meet, and row counts.",
            ROWS, "Client scripts: new rows in batches of 1 to 1000 (JSON or headerless CSV), each row judged on "
                    + "its own; single rows by id.",
            REJECTS, "Every row that was not inserted, from history loads and batches, with every rule it broke.",
            HISTORY, "Migration engineers: bulk loads of the departments, jobs and employees CSV files, exactly once, "
                    + "with progress.",
            BACKUPS, "Admins: Avro backups of one table or of every table from one snapshot, their verification, "
                    + "and restores that leave the live table untouched when anything fails.",
            REPORTS, "Stakeholders: the quarterly-hire reports as JSON or CSV, their charts, and the rendered "
                    + "deliverables (CSV, PNG, SVG and one HTML page).");

    private ApiTags() {
    }

    private static Map<String, String> describe(String... namesAndDescriptions) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < namesAndDescriptions.length; i += 2) {
            tags.put(namesAndDescriptions[i], namesAndDescriptions[i + 1]);
        }
        return tags;
    }
}
