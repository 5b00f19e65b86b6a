package io.hireflow.client.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.function.Function;

/**
 * Where a command's output goes: data to stdout (a human view, or JSON with {@code --json}),
 * diagnostics to stderr. Commands never write to {@code System.out} themselves.
 */
public final class Printer {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;

    public Printer(PrintWriter out, PrintWriter err, boolean json) {
        this.out = out;
        this.err = err;
        this.json = json;
    }

    public boolean json() {
        return json;
    }

    public PrintWriter err() {
        return err;
    }

    /** Prints {@code value} as JSON with {@code --json}, else the human view of it. */
    public <T> void print(T value, Function<T, String> view) {
        if (json) {
            printJson(value);
        } else {
            text(view.apply(value));
        }
    }

    /** The human view of {@code value}; nothing with {@code --json}, where the command prints one document. */
    public <T> void view(T value, Function<T, String> view) {
        if (!json) {
            text(view.apply(value));
        }
    }

    public void printJson(Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.flush();
    }

    /** Text for people; ends with a line break whether or not {@code text} has one. */
    public void text(String text) {
        out.print(text.endsWith("\n") ? text : text + System.lineSeparator());
        out.flush();
    }

    /** A step or note for people, on stderr so it never mixes into data a script reads. */
    public void note(String line) {
        err.println(line);
        err.flush();
    }

    public void error(String line) {
        err.println("hireflow: " + line);
        err.flush();
    }
}
