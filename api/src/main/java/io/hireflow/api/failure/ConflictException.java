package io.hireflow.api.failure;

/** The request is well formed but the present state forbids it (a load running, a set incomplete). */
public class ConflictException extends DomainException {

    public ConflictException(String slug, String title, String message) {
        super(slug, title, message);
    }
}
