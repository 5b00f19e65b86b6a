package io.hireflow.client.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hireflow.client.batch.BatchFileException;
import io.hireflow.client.http.ApiException;
import io.hireflow.client.log.CommandLog;
import io.hireflow.client.output.Printer;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The frame of every command that talks to the API: logs the command and its result, turns failures
 * into one line on stderr and an exit code, never a stack trace.
 */
abstract class ApiCommand implements Callable<Integer> {

    static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions output;

    /** Does the command's work; returns an {@link ExitCode}. */
    protected abstract int run(Session session);

    @Override
    public final Integer call() {
        HireflowCommand root = (HireflowCommand) spec.root().userObject();
        Printer printer = new Printer(spec.commandLine().getOut(), spec.commandLine().getErr(), output.json);
        CommandLog log = CommandLog.open(root.logDir(), printer::note);
        log.command(List.copyOf(spec.root().commandLine().getParseResult().originalArgs()));
        int code;
        String summary;
        try {
            Session session = new Session(root.apiClient(printer::note), printer, log, output.progress);
            code = run(session);
            summary = session.summary();
        } catch (CommandException e) {
            code = fail(printer, e.getMessage(), e.exitCode());
            summary = e.getMessage();
        } catch (ApiException | BatchFileException | UncheckedIOException e) {
            code = fail(printer, e.getMessage(), ExitCode.ERROR);
            summary = e.getMessage();
        } catch (RuntimeException e) {
            summary = "Unexpected failure: " + e;
            code = fail(printer, summary, ExitCode.ERROR);
        }
        log.result(code, summary);
        return code;
    }

    private static int fail(Printer printer, String message, int code) {
        printer.error(message);
        return code;
    }
}
