package io.hireflow.api.idempotency;

/** The first answer given for an idempotency key: its HTTP status and JSON body. */
public record StoredAnswer(int status, String json) {
}
