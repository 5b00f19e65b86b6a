package io.hireflow.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The token read from --token-file (a container's secret), so it never needs to be in the environment. */
class TokenFileTest {

    @TempDir
    Path dir;

    @Test
    void readsTheTokenFromItsFile() throws IOException {
        Path file = Files.writeString(dir.resolve("api_token"), "abc123\n");

        assertEquals("abc123", parse("--token-file", file.toString(), "tables").token());
    }

    @Test
    void aTokenGivenInClearWins() throws IOException {
        Path file = Files.writeString(dir.resolve("api_token"), "from-file");

        assertEquals("given", parse("--token", "given", "--token-file", file.toString(), "tables").token());
    }

    @Test
    void anEmptyOrMissingTokenFileIsAClearError() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty"), " \n");
        Path missing = dir.resolve("missing");

        assertEquals("--token-file " + empty + " is empty: put the API token in it",
                assertThrows(CommandException.class, () -> parse("--token-file", empty.toString(), "tables").token())
                        .getMessage());
        assertEquals("--token-file " + missing + " cannot be read (NoSuchFileException)",
                assertThrows(CommandException.class, () -> parse("--token-file", missing.toString(), "tables").token())
                        .getMessage());
    }

    private static HireflowCommand parse(String... args) {
        CommandLine line = HireflowCommand.commandLine();
        line.parseArgs(args);
        return line.getCommand();
    }
}
