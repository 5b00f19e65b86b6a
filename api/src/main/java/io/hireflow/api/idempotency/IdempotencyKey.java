package io.hireflow.api.idempotency;

import io.hireflow.api.failure.InvalidRequestException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The value of an {@code Idempotency-Key} request header (IETF httpapi draft
 * "The Idempotency-Key HTTP Header Field"): a Structured Fields string such as {@code "8e03978e-40d5"}.
 * The bare token form ({@code Idempotency-Key: 8e03978e-40d5}) is accepted too, as many clients send it.
 */
public record IdempotencyKey(String value) {

    public static final String HEADER = "Idempotency-Key";
    /** Set to {@code true} on an answer that repeats the first answer given for the key. */
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    static final int MAX_LENGTH = 255;
    private static final Pattern VISIBLE_ASCII = Pattern.compile("[\\x21-\\x7e]+");

    /** The key of a request, empty when it sent none; a malformed key is a 400 that says what is allowed. */
    public static Optional<IdempotencyKey> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String value = header.strip();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        if (value.isEmpty() || value.length() > MAX_LENGTH || !VISIBLE_ASCII.matcher(value).matches()
                || value.contains("\"") || value.contains("\\")) {
            throw new InvalidRequestException("invalid-idempotency-key", "Invalid Idempotency-Key",
                    "The Idempotency-Key header must be a quoted string of 1 to " + MAX_LENGTH + " visible ASCII "
                            + "characters without quotes or backslashes, e.g. Idempotency-Key: \"employees.csv-17-"
                            + "9f2c\"; a UUID per batch does well. Nothing was written.");
        }
        return Optional.of(new IdempotencyKey(value));
    }
}
