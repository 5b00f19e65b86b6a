package io.hireflow.api.failure;

/** What was sent is larger than the operation accepts (an imported file over its limit): send less. */
public class TooLargeException extends DomainException {

    public TooLargeException(String slug, String title, String message) {
        super(slug, title, message);
    }
}
