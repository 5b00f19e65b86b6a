package io.hireflow.api.client;

import io.hireflow.client.cli.HireflowCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Test helper: runs the client's command line in-process and captures its exit code, stdout and stderr. */
record ClientRun(int exitCode, String out, String err) {

    /** Where the client tests' logs and rejects go (inside the test shared dir). */
    static final Path LOG_DIR = Path.of("target/test-shared/client-logs");

    static ClientRun run(String apiUrl, String... args) {
        List<String> all = new ArrayList<>(List.of("--api-url", apiUrl, "--log-dir", LOG_DIR.toString()));
        if (!List.of(args).contains("--token")) {
            all.addAll(List.of("--token", io.hireflow.api.support.TestTokens.ADMIN));
        }
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = HireflowCommand.commandLine();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int code = command.execute(all.toArray(String[]::new));
        return new ClientRun(code, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
