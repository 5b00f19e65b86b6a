package io.hireflow.api.failure;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Something the domain refuses to do, said for the person who asked: a short slug and title, a message
 * that says what to do next, and details (names and values) that a program can read. Below the resources
 * nothing knows HTTP: the subclass says what kind of refusal this is, and the edge (ProblemMapper) alone
 * turns that kind into a status.
 */
public abstract class DomainException extends RuntimeException {

    private final String slug;
    private final String title;
    private final Map<String, Object> details = new LinkedHashMap<>();
    private Integer retryAfterSeconds;

    protected DomainException(String slug, String title, String message) {
        super(message);
        this.slug = slug;
        this.title = title;
    }

    /** Adds a detail to the answer, e.g. the backup's id or the tables there are. */
    public DomainException with(String name, Object value) {
        details.put(name, value);
        return this;
    }

    /** When asking again is worth it, e.g. once a running load has ended. */
    public DomainException retryAfter(int seconds) {
        this.retryAfterSeconds = seconds;
        return this;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public Map<String, Object> details() {
        return details;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
