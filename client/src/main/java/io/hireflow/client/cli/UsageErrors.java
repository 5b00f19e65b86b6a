package io.hireflow.client.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A usage error in three lines: what was wrong (with picocli's "did you mean" when it has one), the one usage
 * line of the command, and where the full help is. The full help (fifty lines) buried the error.
 */
final class UsageErrors implements IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException error, String[] args) {
        CommandLine command = error.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("hireflow: " + error.getMessage());
        UnmatchedArgumentException.printSuggestions(error, err);
        err.print("Usage: " + command.getHelp().abbreviatedSynopsis());
        err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }
}
