package io.hireflow.client.cli;

import io.hireflow.client.http.ApiClient;
import io.hireflow.client.log.CommandLog;
import io.hireflow.client.output.Printer;
import io.hireflow.client.output.Progress;

/** What a running command works with: the API, the printer, the run's log, and its own one-line summary. */
final class Session {

    final ApiClient api;
    final Printer printer;
    final CommandLog log;
    private final boolean forceProgress;
    private String summary;

    Session(ApiClient api, Printer printer, CommandLog log, boolean forceProgress) {
        this.api = api;
        this.printer = printer;
        this.log = log;
        this.forceProgress = forceProgress;
    }

    /** A progress bar of unknown total; a command that learns it sets it with {@link Progress#total}. */
    Progress progress(String label) {
        return Progress.start(printer.err(), forceProgress, label, -1);
    }

    /** The result line written to the client log when the command ends. */
    void summary(String text) {
        this.summary = text;
    }

    String summary() {
        return summary;
    }
}
