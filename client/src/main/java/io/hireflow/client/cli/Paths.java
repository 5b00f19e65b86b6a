package io.hireflow.client.cli;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Builds API paths from user input without letting a table name or id change the path's shape. */
final class Paths {

    private Paths() {
    }

    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The path (and query) of a Location header or a file {@code url}, whether absolute or not. */
    static String pathOf(String location) {
        if (location.startsWith("http://") || location.startsWith("https://")) {
            URI uri = URI.create(location);
            return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        }
        return location.startsWith("/") ? location : "/" + location;
    }
}
