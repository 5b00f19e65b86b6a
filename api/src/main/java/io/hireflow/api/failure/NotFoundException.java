package io.hireflow.api.failure;

/** What the request names does not exist (a backup, a report, a row); the message says what does. */
public class NotFoundException extends DomainException {

    public NotFoundException(String slug, String title, String message) {
        super(slug, title, message);
    }
}
