package io.hireflow.api.problem;

import io.hireflow.api.failure.DomainException;

/**
 * A refusal decided at the edge itself (a resource or a filter), where the HTTP status is the point: a body
 * of the wrong media type, a malformed parameter. Below the resources, code raises the domain's refusals
 * (io.hireflow.api.failure) and {@link ProblemMapper} picks their status.
 */
public class ProblemException extends DomainException {

    private final int status;

    public ProblemException(int status, String slug, String title, String detail) {
        super(slug, title, detail);
        this.status = status;
    }

    public static ProblemException badRequest(String slug, String title, String detail) {
        return new ProblemException(400, slug, title, detail);
    }

    public static ProblemException notFound(String slug, String title, String detail) {
        return new ProblemException(404, slug, title, detail);
    }

    /** 503 with Retry-After: the resource is busy or the database is away, nothing was written. */
    public static ProblemException busy(String detail, int retryAfterSeconds) {
        return new ProblemException(503, "busy", "Try again shortly", detail).retryAfter(retryAfterSeconds);
    }

    @Override
    public ProblemException with(String name, Object value) {
        super.with(name, value);
        return this;
    }

    @Override
    public ProblemException retryAfter(int seconds) {
        super.retryAfter(seconds);
        return this;
    }

    public int status() {
        return status;
    }
}
