package io.hireflow.api.failure;

/** The request itself is malformed (a parameter, a header, an id): fix it and send it again. */
public class InvalidRequestException extends DomainException {

    public InvalidRequestException(String slug, String title, String message) {
        super(slug, title, message);
    }
}
