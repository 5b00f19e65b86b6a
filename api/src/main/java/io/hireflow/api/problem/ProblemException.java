package io.hireflow.api.problem;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/** A failure that is the caller's to fix (or to retry), carried up to {@link ProblemMapper} as a problem answer. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;
    private final Map<String, Object> extensions = new LinkedHashMap<>();
    private Integer retryAfterSeconds;

    public ProblemException(int status, String slug, String title, String detail) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public static ProblemException badRequest(String slug, String title, String detail) {
        return new ProblemException(400, slug, title, detail);
    }

    public static ProblemException notFound(String slug, String title, String detail) {
        return new ProblemException(404, slug, title, detail);
    }

    public static ProblemException conflict(String slug, String title, String detail) {
        return new ProblemException(409, slug, title, detail);
    }

    /** 503 with Retry-After: the resource is busy or the database is away, nothing was written. */
    public static ProblemException busy(String detail, int retryAfterSeconds) {
        return new ProblemException(503, "busy", "Try again shortly", detail).retryAfter(retryAfterSeconds);
    }

    public ProblemException with(String name, Object value) {
        extensions.put(name, value);
        return this;
    }

    public ProblemException retryAfter(int seconds) {
        this.retryAfterSeconds = seconds;
        return this;
    }

    public int status() {
        return status;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public Problem toProblem(String instance) {
        return new Problem(type(slug), title, status, getMessage(), instance, extensions);
    }

    static URI type(String slug) {
        return URI.create("https://hireflow.io/problems/" + slug);
    }
}
