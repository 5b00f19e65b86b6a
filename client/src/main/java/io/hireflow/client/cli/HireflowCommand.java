package io.hireflow.client.cli;

import io.hireflow.client.http.ApiClient;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The {@code hireflow} command: global options and the list of subcommands. */
@Command(name = "hireflow", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class, sortOptions = false, usageHelpAutoWidth = true,
        exitCodeOnInvalidInput = ExitCode.ERROR, exitCodeOnExecutionException = ExitCode.ERROR,
        description = "Drives the hireflow API: loads history, posts new rows, backs up and restores tables, "
                + "renders the reports.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:all good", "2:the command ran but the API rejected some rows",
                "1:error: API unreachable, a problem answer, or bad arguments"},
        footerHeading = "%nEnvironment:%n",
        footer = {"  HIREFLOW_API_URL, HIREFLOW_TOKEN, HIREFLOW_TOKEN_FILE, HIREFLOW_LOG_DIR stand in for the options of the same name.",
            "  XDG_STATE_HOME: the log folder is $XDG_STATE_HOME/hireflow/logs when neither --log-dir nor "
                    + "HIREFLOW_LOG_DIR is given."},
        subcommands = {LoadHistoryCommand.class, PostCommand.class, GetCommand.class, TablesCommand.class,
                BackupCommand.class, BackupsCommand.class, VerifyCommand.class, ImportCommand.class, RestoreCommand.class,
                ScheduleCommand.class,
                ReportCommand.class, RenderCommand.class, DemoCommand.class, CompletionCommand.class})
public class HireflowCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = "--api-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            defaultValue = "${env:HIREFLOW_API_URL:-http://localhost:8080}",
            description = "Base URL of the API (env HIREFLOW_API_URL; default ${DEFAULT-VALUE}).")
    String apiUrl;

    @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "TOKEN",
            defaultValue = "${env:HIREFLOW_TOKEN}", showDefaultValue = CommandLine.Help.Visibility.NEVER,
            description = "Bearer token sent as Authorization (env HIREFLOW_TOKEN).")
    String token;

    @Option(names = "--token-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
            defaultValue = "${env:HIREFLOW_TOKEN_FILE}", showDefaultValue = CommandLine.Help.Visibility.NEVER,
            description = "File holding the bearer token, e.g. a Docker secret (env HIREFLOW_TOKEN_FILE); "
                    + "--token wins when both are given.")
    Path tokenFile;

    @Option(names = "--log-dir", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Where client-<timestamp>.log and the rejects files go (env HIREFLOW_LOG_DIR; default "
                    + "~/.local/state/hireflow/logs).")
    Path logDir;

    @Option(names = "--timeout", scope = ScopeType.INHERIT, paramLabel = "SECONDS", defaultValue = "60",
            description = "How long to wait for each answer (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--retries", scope = ScopeType.INHERIT, paramLabel = "N", defaultValue = "3",
            description = "Extra attempts of a read or other idempotent call (every batch carries an "
                    + "Idempotency-Key, so batches too) when the API is busy (503), refuses connections or drops "
                    + "one before answering, with exponential backoff (default ${DEFAULT-VALUE}).")
    int retries;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line as the {@code hireflow} program runs it (tests run it the same way). */
    public static CommandLine commandLine() {
        return new CommandLine(new HireflowCommand()).setParameterExceptionHandler(new UsageErrors());
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command; see 'hireflow --help'");
    }

    Path logDir() {
        return logDir != null ? logDir : DefaultLogDir.resolve(System.getenv(), System.getProperty("user.home"));
    }

    /**
     * The token: --token, else the content of --token-file. A token file is read here, by the program, so the token
     * never has to sit in the environment (a container's /proc/1/environ, docker inspect).
     */
    String token() {
        if ((token != null && !token.isBlank()) || tokenFile == null) {
            return token;
        }
        String content;
        try {
            content = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw CommandException.error("--token-file " + tokenFile + " cannot be read (" + e.getClass().getSimpleName()
                    + ")");
        }
        if (content.isEmpty()) {
            throw CommandException.error("--token-file " + tokenFile + " is empty: put the API token in it");
        }
        return content;
    }

    /** A client for the API as the options say, or a {@link CommandException} when the URL is not usable. */
    ApiClient apiClient(Consumer<String> notices) {
        URI url;
        try {
            url = URI.create(apiUrl.strip());
        } catch (IllegalArgumentException e) {
            throw CommandException.error("--api-url '" + apiUrl + "' is not a URL");
        }
        if (url.getHost() == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            throw CommandException.error("--api-url '" + apiUrl + "' must be an http:// or https:// URL");
        }
        if (timeoutSeconds < 1 || retries < 0) {
            throw CommandException.error("--timeout must be at least 1 second and --retries at least 0");
        }
        return new ApiClient(new ApiClient.Settings(url, token(), Duration.ofSeconds(timeoutSeconds), retries,
                Duration.ofMillis(250), "hireflow-client/" + VersionProvider.version()), ApiCommand.JSON, notices);
    }
}
