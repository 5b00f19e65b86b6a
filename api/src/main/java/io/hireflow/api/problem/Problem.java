package io.hireflow.api.problem;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.hireflow.api.failure.DomainException;
import java.net.URI;
import java.util.Map;

/**
 * An RFC 9457 problem answer: the one error shape of every endpoint.
 *
 * @param type a URI naming the kind of problem
 * @param title a short summary of the kind
 * @param status the HTTP status
 * @param detail what went wrong this time, in words a person can act on
 * @param instance the request path
 * @param extensions further members, e.g. the per-row errors or the known table names
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(URI type, String title, int status, String detail, String instance,
        @JsonAnyGetter Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** The answer to a refusal, with the status the edge chose for it. */
    public static Problem of(DomainException refusal, int status, String instance) {
        return new Problem(URI.create("https://hireflow.io/problems/" + refusal.slug()), refusal.title(), status,
                refusal.getMessage(), instance, refusal.details());
    }
}
