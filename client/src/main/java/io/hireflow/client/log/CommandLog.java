package io.hireflow.client.log;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Consumer;

/**
 * Appends each command the client runs, and its result, to {@code <log-dir>/client-<timestamp>.log}
 * (one file per run; on the shared volume it sits next to the API's logs). A log that cannot be
 * written is reported once and never fails the command.
 */
public final class CommandLog {

    private static final DateTimeFormatter FILE_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private final Path file;
    private final Consumer<String> warnings;
    private boolean broken;
    private boolean started;

    private CommandLog(Path file, Consumer<String> warnings) {
        this.file = file;
        this.warnings = warnings;
    }

    /** A log in {@code directory}, named for the moment the run started. */
    public static CommandLog open(Path directory, Consumer<String> warnings) {
        return new CommandLog(directory.resolve("client-" + FILE_STAMP.format(Instant.now()) + ".log"), warnings);
    }

    public Path file() {
        return file;
    }

    /** The command line, with the token's value masked. */
    public void command(List<String> args) {
        StringBuilder line = new StringBuilder("command: hireflow");
        boolean maskNext = false;
        for (String arg : args) {
            String shown = maskNext ? "****" : arg.startsWith("--token=") ? "--token=****" : arg;
            maskNext = arg.equals("--token");
            line.append(' ').append(shown.isEmpty() || shown.contains(" ") ? "'" + shown + "'" : shown);
        }
        append(line.toString());
    }

    public void note(String text) {
        append("note: " + text);
    }

    public void result(int exitCode, String summary) {
        append("result: exit " + exitCode + (summary == null || summary.isBlank() ? "" : " - " + summary));
    }

    private void append(String text) {
        if (broken) {
            return;
        }
        String line = Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + text.replaceAll("[\\r\\n]+", " ")
                + System.lineSeparator();
        try {
            // The folder once per run, not once per line.
            if (!started) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                started = true;
            }
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            broken = true;
            warnings.accept("warning: cannot write the client log " + file + " (" + e.getMessage()
                    + "); set --log-dir or HIREFLOW_LOG_DIR");
        }
    }
}
