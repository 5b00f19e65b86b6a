package io.hireflow.client.http;

/**
 * The API could not be reached, or answered with a problem: the message is one line a person can
 * act on, never a stack trace.
 */
public class ApiException extends RuntimeException {

    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status of the problem answer, or 0 when no answer came. */
    public int status() {
        return status;
    }
}
