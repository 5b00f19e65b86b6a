package io.hireflow.api.sample;

import de.siegmar.fastcsv.writer.CsvWriter;
import io.hireflow.api.dictionary.Column;
import io.hireflow.api.dictionary.ColumnType;
import io.hireflow.api.dictionary.Table;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes history CSV files of any size, with a realistic share of each kind of bad row, following
 * the data dictionary's column order and rules. Deterministic for a given seed.
 *
 * <pre>
 * ./mvnw -q -pl api exec:java -Dexec.mainClass=io.hireflow.api.sample.HistoryGenerator \
 *     -Dexec.args="--out /tmp/history --employees 1000000 --bad-share 0.03"
 * </pre>
 *
 * Options: --out DIR, --departments N, --jobs N, --employees N, --bad-share R, --seed N,
 * --first-id N (ids of every table start there), --every-flaw true (one row per kind of flaw).
 */
public final class HistoryGenerator {

    /** The kinds of bad row written, each breaking a different rule; some only in a column of one type. */
    public enum Flaw {
        EMPTY_FIELD(null), BLANK_TEXT(ColumnType.STRING), TOO_LONG(ColumnType.STRING), BAD_DATE(ColumnType.INSTANT),
        NOT_A_NUMBER(ColumnType.INTEGER), UNKNOWN_REFERENCE(null), DUPLICATE_ID(null);

        private final ColumnType onlyIn;

        Flaw(ColumnType onlyIn) {
            this.onlyIn = onlyIn;
        }

        boolean fits(Column column) {
            return onlyIn == null || column.type() == onlyIn;
        }
    }

    private static final String[] DEPARTMENTS = {"Product Management", "Sales", "Research and Development",
        "Business Development", "Engineering", "Human Resources", "Services", "Support", "Marketing",
        "Training", "Legal", "Accounting"};
    private static final String[] REGIONS = {"EMEA", "APAC", "Americas", "Nordics", "Iberia", "Benelux"};
    private static final String[] JOB_WORDS = {"Analyst", "Engineer", "Manager", "Assistant", "Designer",
        "Accountant", "Developer", "Recruiter", "Nurse", "Geologist", "Statistician", "Editor"};
    private static final String[] SPECIALTIES = {"", "Data ", "Payroll ", "Clinical ", "Field ", "Product ",
        "Security ", "Quality ", "Research ", "Tax "};
    private static final String[] LEVELS = {"", " I", " II", " III", " IV"};
    private static final String[] FIRST = {"Ada", "Harold", "Ty", "Lyman", "Lotti", "Gretna", "Marta", "Ines",
        "Kofi", "Yuki", "Omar", "Priya", "Lena", "Tomás", "Zoë", "Chen", "Ana", "Björn", "Aisha", "Raj"};
    private static final String[] LAST = {"Vogt", "Hofer", "Hadye", "Crowthe", "Lording", "García", "Okafor",
        "Tanaka", "Müller", "O'Brien", "Silva", "Nguyen", "Kowalski", "Haddad", "Rossi", "Dubois"};
    private static final Instant FROM = Instant.parse("2019-01-01T00:00:00Z");
    private static final long SPAN_SECONDS = 5L * 365 * 24 * 3600;

    private final SplittableRandom random;
    private final double badShare;
    private boolean everyFlaw;
    private final Map<Table, Integer> sizes = new EnumMap<>(Table.class);
    private long badRows;

    public HistoryGenerator(long seed, double badShare, int departments, int jobs, int employees) {
        this.random = new SplittableRandom(seed);
        this.badShare = badShare;
        sizes.put(Table.DEPARTMENTS, departments);
        sizes.put(Table.JOBS, jobs);
        sizes.put(Table.EMPLOYEES, employees);
    }

    /** Also append, to each file, one row for every kind of flaw that fits the table (for samples). */
    public HistoryGenerator withEveryFlaw() {
        this.everyFlaw = true;
        return this;
    }

    /** Writes {@code <table>.csv} for every table into {@code folder}; ids start at {@code firstId}. */
    public void writeAll(Path folder, int firstId) throws IOException {
        Files.createDirectories(folder);
        for (Table table : Table.values()) {
            write(table, folder.resolve(table.tableName() + ".csv"), firstId);
        }
    }

    /** Writes one table's rows: ids from {@code firstId}, a share of them flawed. */
    public void write(Table table, Path file, int firstId) throws IOException {
        int rows = sizes.get(table);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                CsvWriter csv = CsvWriter.builder().lineDelimiter(de.siegmar.fastcsv.writer.LineDelimiter.LF)
                        .build(out)) {
            String[] fields = new String[table.columns().size()];
            for (int i = 0; i < rows; i++) {
                int id = firstId + i;
                fill(table, fields, id);
                if (random.nextDouble() < badShare) {
                    spoil(table, fields, id, firstId, null);
                    badRows++;
                }
                csv.writeRecord(fields);
            }
            for (Flaw flaw : everyFlaw ? Flaw.values() : new Flaw[0]) {
                int id = firstId + rows;
                fill(table, fields, id);
                if (spoil(table, fields, id, firstId, flaw)) {
                    csv.writeRecord(fields);
                    rows++;
                    badRows++;
                }
            }
        }
    }

    /** How many flawed rows were written so far. */
    public long badRows() {
        return badRows;
    }

    /** A valid row for {@code id}, column by column. */
    private void fill(Table table, String[] fields, int id) {
        for (int c = 0; c < fields.length; c++) {
            fields[c] = value(table, table.columns().get(c), id);
        }
    }

    private String value(Table table, Column column, int id) {
        if (column.primaryKey()) {
            return Integer.toString(id);
        }
        if (column.references() != null) {
            return Integer.toString(1 + random.nextInt(sizes.get(column.references())));
        }
        if (column.type() == ColumnType.INSTANT) {
            return Column.format(FROM.plusSeconds(random.nextLong(SPAN_SECONDS)));
        }
        return switch (table) {
            case DEPARTMENTS -> departmentName(id);
            case JOBS -> jobName(id);
            case EMPLOYEES -> FIRST[random.nextInt(FIRST.length)] + " " + LAST[random.nextInt(LAST.length)];
        };
    }

    /**
     * A department name no other id gets, as in a real HR data set (a report that shows two "Sales" rows
     * cannot be read): the base names, then each with a region, then numbered.
     */
    static String departmentName(int id) {
        return distinct(id, DEPARTMENTS.length, i -> DEPARTMENTS[i]);
    }

    /** A job name no other id gets: speciality, job and level combined, then numbered. */
    static String jobName(int id) {
        int levels = LEVELS.length;
        int words = JOB_WORDS.length;
        return distinct(id, levels * words * SPECIALTIES.length,
                i -> SPECIALTIES[i / (levels * words)] + JOB_WORDS[i / levels % words] + LEVELS[i % levels]);
    }

    // Ids 1..n take the n base names; each later round of n adds a region (then a number) to them, so no two
    // ids (any id > 0, also those of new_records/) share a name.
    private static String distinct(int id, int n, java.util.function.IntFunction<String> base) {
        int round = (id - 1) / n;
        String name = base.apply((id - 1) % n);
        if (round == 0) {
            return name;
        }
        int region = (round - 1) % REGIONS.length;
        int number = (round - 1) / REGIONS.length;
        return name + " " + REGIONS[region] + (number == 0 ? "" : " " + (number + 1));
    }

    /**
     * Breaks one rule in the row: the given flaw, or a random one that fits this table.
     *
     * @return false when the given flaw does not fit the table (the row is left as it was)
     */
    private boolean spoil(Table table, String[] fields, int id, int firstId, Flaw only) {
        Flaw[] flaws = Flaw.values();
        for (int attempt = 0; attempt < 1000; attempt++) {
            Flaw flaw = only != null ? only : flaws[random.nextInt(flaws.length)];
            int c = random.nextInt(fields.length);
            Column column = table.columns().get(c);
            if (!flaw.fits(column)) {
                continue;
            }
            switch (flaw) {
                case EMPTY_FIELD -> fields[c] = "";
                case BLANK_TEXT, TOO_LONG -> fields[c] = flaw == Flaw.BLANK_TEXT ? "   " : "x".repeat(column.maxLength() + 1);
                case BAD_DATE -> fields[c] = random.nextBoolean() ? "2027-08-29T00:0:1Z" : "2021-02-30T10:00:00Z";
                case NOT_A_NUMBER -> fields[c] = "n/a";
                case UNKNOWN_REFERENCE -> {
                    if (column.references() == null) {
                        continue;
                    }
                    fields[c] = Integer.toString(sizes.get(column.references()) + 1000);
                }
                case DUPLICATE_ID -> {
                    if (id == firstId) {
                        continue;
                    }
                    // An id of the table's regular rows: for the rows of --every-flaw, one that was inserted.
                    int regular = Math.min(id, firstId + sizes.get(table)) - firstId;
                    fields[0] = Integer.toString(firstId + random.nextInt(regular));
                }
            }
            return true;
        }
        return false;
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = new java.util.HashMap<>(Map.of("--out", "history", "--departments", "12",
                "--jobs", "183", "--employees", "2000", "--bad-share", "0.03", "--seed", "42", "--first-id", "1",
                "--every-flaw", "false"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!options.containsKey(args[i])) {
                throw new IllegalArgumentException("Unknown option " + args[i] + "; options: " + options.keySet());
            }
            options.put(args[i], args[i + 1]);
        }
        HistoryGenerator generator = new HistoryGenerator(Long.parseLong(options.get("--seed")),
                Double.parseDouble(options.get("--bad-share")), Integer.parseInt(options.get("--departments")),
                Integer.parseInt(options.get("--jobs")), Integer.parseInt(options.get("--employees")));
        if (Boolean.parseBoolean(options.get("--every-flaw"))) {
            generator.withEveryFlaw();
        }
        Path out = Path.of(options.get("--out"));
        generator.writeAll(out, Integer.parseInt(options.get("--first-id")));
        System.out.printf("Wrote %s: %s departments, %s jobs, %s employees, %d flawed rows%n", out.toAbsolutePath(),
                options.get("--departments"), options.get("--jobs"), options.get("--employees"), generator.badRows());
    }
}
