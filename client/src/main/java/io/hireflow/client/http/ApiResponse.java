package io.hireflow.client.http;

import java.util.Optional;

/** An answer from the API: status, body text and the headers the client uses. */
public record ApiResponse(int status, String contentType, String location, String body) {

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    public boolean isProblem() {
        return contentType != null && contentType.startsWith("application/problem+json");
    }

    public Optional<String> locationHeader() {
        return Optional.ofNullable(location);
    }
}
