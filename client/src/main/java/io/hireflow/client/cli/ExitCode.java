package io.hireflow.client.cli;

/** The exit codes scripts can rely on; every command ends with one of these. */
public final class ExitCode {

    /** Everything asked for was done. */
    public static final int OK = 0;
    /** An error: the API could not be reached, it answered with a problem, or the arguments were wrong. */
    public static final int ERROR = 1;
    /** The command ran to the end but the API rejected some rows. */
    public static final int REJECTED = 2;

    private ExitCode() {
    }
}
