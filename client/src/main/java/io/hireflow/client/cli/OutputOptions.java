package io.hireflow.client.cli;

import picocli.CommandLine.Option;

/** The output options every command shares: {@code --json} for scripts, a progress bar on demand. */
public class OutputOptions {

    @Option(names = "--json", description = "Print the result as JSON on stdout, for scripts.")
    boolean json;

    @Option(names = "--progress", description = "Show the progress bar on stderr even when it is not a terminal.")
    boolean progress;
}
