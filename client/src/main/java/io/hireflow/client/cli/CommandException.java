package io.hireflow.client.cli;

/** A failure a command reports as one line on stderr, ending the command with {@link #exitCode()}. */
public class CommandException extends RuntimeException {

    private final int exitCode;

    public CommandException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public static CommandException error(String message) {
        return new CommandException(ExitCode.ERROR, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
