package io.hireflow.api.failure;

/**
 * Our side failed a check it owes the caller (a restored table whose digest differs from its backup):
 * the operation was undone, and the message says what to do; the edge answers it as a server error.
 */
public class BrokenInvariantException extends DomainException {

    public BrokenInvariantException(String slug, String title, String message) {
        super(slug, title, message);
    }
}
