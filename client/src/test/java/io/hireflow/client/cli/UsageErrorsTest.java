package io.hireflow.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A usage error shows the error, the command's one usage line and where the help is; never the whole help. */
class UsageErrorsTest {

    @Test
    void anUnknownCommandIsNamedWithTheTopUsageLine() {
        List<String> lines = run("frobnicate");

        assertEquals("hireflow: Unmatched argument at index 0: 'frobnicate'", lines.get(0));
        assertEquals("Usage: hireflow [OPTIONS] [COMMAND]", lines.get(lines.size() - 2));
        assertEquals("Try 'hireflow --help' for more information.", lines.get(lines.size() - 1));
        assertTrue(lines.size() <= 5, String.join("\n", lines));
    }

    @Test
    void aMisspelledCommandGetsASuggestion() {
        List<String> lines = run("tabels");

        assertTrue(lines.stream().anyMatch(l -> l.contains("tables")), String.join("\n", lines));
        assertTrue(lines.size() <= 6, String.join("\n", lines));
    }

    @Test
    void aMissingArgumentShowsThatCommandsUsage() {
        List<String> lines = run("post", "employees");

        assertEquals("hireflow: Missing required parameter: 'FILE'", lines.get(0));
        assertEquals("Usage: hireflow post [OPTIONS] TABLE FILE...", lines.get(1));
        assertEquals("Try 'hireflow post --help' for more information.", lines.get(2));
        assertEquals(3, lines.size(), String.join("\n", lines));
    }

    @Test
    void anUnknownOptionOfASubcommandPointsAtItsHelp() {
        List<String> lines = run("restore", "employees", "--dryrun");

        assertTrue(lines.get(0).startsWith("hireflow: Unknown option: '--dryrun'"), lines.get(0));
        assertTrue(lines.contains("Try 'hireflow restore --help' for more information."), String.join("\n", lines));
        assertTrue(lines.size() <= 6, String.join("\n", lines));
    }

    private static List<String> run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = HireflowCommand.commandLine();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int code = command.execute(args);
        assertEquals(ExitCode.ERROR, code, err.toString());
        assertEquals("", out.toString(), "nothing on stdout");
        return err.toString().lines().toList();
    }
}
