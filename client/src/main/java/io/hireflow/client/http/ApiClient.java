package io.hireflow.client.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Talks to the hireflow API: timeouts, bearer token, retries with exponential backoff for idempotent
 * calls (GETs, and batches that carry an Idempotency-Key) when the API is busy (503, honouring
 * Retry-After), not accepting connections yet, or drops the connection before answering; and
 * problem+json answers turned into one-line {@link ApiException}s.
 */
public final class ApiClient {

    public static final String JSON = "application/json";
    public static final String CSV = "text/csv";

    /** How the client reaches the API. {@code retries} is the number of extra attempts of an idempotent call. */
    public record Settings(URI baseUrl, String token, Duration timeout, int retries, Duration firstBackoff,
            String userAgent) {
    }

    private static final Duration MAX_WAIT = Duration.ofSeconds(10);

    private final Settings settings;
    private final String base;
    private final HttpClient http;
    private final ObjectMapper json;
    private final Consumer<String> notices;

    /** @param notices where retry notices go (stderr in the command line), one line each */
    public ApiClient(Settings settings, ObjectMapper json, Consumer<String> notices) {
        this.settings = settings;
        this.base = trimSlash(settings.baseUrl().toString());
        this.json = json;
        this.notices = notices;
        // HTTP/1.1: no h2c upgrade dance with request bodies.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(Math.min(10, Math.max(1, settings.timeout().toSeconds()))))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }


    /** GET a JSON document; any answer but 2xx is an {@link ApiException}. */
    public JsonNode getJson(String path) {
        return parse(require(send("GET", path, null, null, JSON, Map.of(), true)));
    }

    /** GET a text document in the given media type (e.g. CSV). */
    public String getText(String path, String accept) {
        return require(send("GET", path, null, null, accept, Map.of(), true)).body();
    }

    /** POST a JSON body (or none) and read the JSON answer; any answer but 2xx is an {@link ApiException}. */
    public JsonNode postJson(String path, Object body, boolean idempotent) {
        return parse(post(path, body, idempotent));
    }

    /** As {@link #postJson}, but the answer itself, for callers that need its headers (e.g. Location). */
    public ApiResponse post(String path, Object body, boolean idempotent) {
        String text = body == null ? null : write(body);
        return require(send("POST", path, text, text == null ? null : JSON, JSON, Map.of(), idempotent));
    }

    /**
     * Sends one request and returns whatever the API answered; only an unreachable API is an exception
     * here, so callers can read result bodies that come with 4xx statuses (e.g. a 422 batch result).
     */
    public ApiResponse send(String method, String path, String body, String contentType, String accept,
            Map<String, String> headers, boolean idempotent) {
        HttpRequest.Builder request = request(path, accept)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            request.header("Content-Type", contentType + "; charset=UTF-8");
        }
        headers.forEach(request::header);
        HttpResponse<String> answer = exchange(method, path, request.build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8), idempotent);
        return response(answer, answer.body());
    }

    /** Downloads a file to {@code target}, through a temporary name so a broken download leaves nothing behind. */
    public long download(String path, Path target) {
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            // Opened here, before any request: a folder we may not write (a container's uid against a host
            // folder) is then reported as what it is, not as an unreachable API by the HTTP client.
            Files.newOutputStream(partial).close();
            HttpResponse<Path> answer = exchange("GET", path, request(path, "*/*").GET().build(),
                    HttpResponse.BodyHandlers.ofFile(partial), true);
            if (answer.statusCode() / 100 != 2) {
                String problem = Files.readString(partial, StandardCharsets.UTF_8);
                Files.deleteIfExists(partial);
                throw new ApiException(answer.statusCode(), describe(response(answer, problem), "GET", path));
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return Files.size(target);
        } catch (IOException e) {
            throw new ApiException(0, "Cannot write " + target + ": " + e.getMessage());
        }
    }

    /**
     * POSTs a file as the body, streamed from disk (never read whole), reporting the bytes sent so far to
     * {@code sent}; answers as {@link #send}. Not retried: the API does not know it as the same upload. The
     * request timeout does not apply: sending and checking a file of gigabytes takes what it takes.
     */
    public ApiResponse upload(String path, Path file, String contentType, LongConsumer sent) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new ApiException(0, "Cannot read " + file + ": " + e.getMessage());
        }
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> counting(file, sent)), size);
        HttpRequest request = request(path, JSON).timeout(Duration.ofDays(1)).header("Content-Type", contentType)
                .POST(body).build();
        HttpResponse<String> answer = exchange("POST", path, request,
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8), false);
        return response(answer, answer.body());
    }

    private static InputStream counting(Path file, LongConsumer sent) {
        try {
            return new FilterInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                private long count;

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n > 0) {
                        count += n;
                        sent.accept(count);
                    }
                    return n;
                }
            };
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The answer itself when it is 2xx, else an {@link ApiException} with the problem in one line. */
    public ApiResponse require(ApiResponse answer) {
        if (!answer.ok()) {
            throw new ApiException(answer.status(), describe(answer, null, null));
        }
        return answer;
    }

    public JsonNode parse(ApiResponse answer) {
        if (answer.body() == null || answer.body().isBlank()) {
            return json.nullNode();
        }
        try {
            return json.readTree(answer.body());
        } catch (IOException e) {
            throw new ApiException(answer.status(), "The API answered with something that is not JSON (HTTP "
                    + answer.status() + ")");
        }
    }

    /** One line that says what the API objected to: title, detail, per-field errors, status. */
    public String describe(ApiResponse answer, String method, String path) {
        String where = method == null ? "" : " on " + method + " " + path;
        if (answer.isProblem() || (answer.contentType() != null && answer.contentType().startsWith(JSON))) {
            try {
                JsonNode problem = json.readTree(answer.body());
                if (problem != null && problem.has("title")) {
                    StringBuilder line = new StringBuilder(problem.path("title").asText());
                    if (problem.hasNonNull("detail")) {
                        line.append(": ").append(problem.get("detail").asText());
                    }
                    for (JsonNode error : problem.path("errors")) {
                        line.append(" [").append(error.path("field").asText()).append(": ")
                                .append(error.path("message").asText()).append("]");
                    }
                    return oneLine(line + " (HTTP " + answer.status() + where + ")");
                }
            } catch (IOException e) {
                // not JSON after all: fall through to the raw text
            }
        }
        String text = answer.body() == null ? "" : answer.body().strip();
        return oneLine("HTTP " + answer.status() + where + (text.isEmpty() ? "" : ": " + abbreviate(text, 200)));
    }

    public String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code answer} with {@code body} as text: a download's body is the file, read back only for a problem. */
    private static ApiResponse response(HttpResponse<?> answer, String body) {
        return new ApiResponse(answer.statusCode(), answer.headers().firstValue("Content-Type").orElse(null),
                answer.headers().firstValue("Location").orElse(null), body);
    }

    private HttpRequest.Builder request(String path, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(settings.timeout())
                .header("Accept", accept + ", application/problem+json")
                .header("User-Agent", settings.userAgent());
        if (settings.token() != null && !settings.token().isBlank()) {
            request.header("Authorization", "Bearer " + settings.token().strip());
        }
        return request;
    }

    private URI uri(String path) {
        try {
            return URI.create(base + (path.startsWith("/") ? path : "/" + path));
        } catch (IllegalArgumentException e) {
            throw new ApiException(0, "Not a valid URL: " + base + path);
        }
    }

    private <T> HttpResponse<T> exchange(String method, String path, HttpRequest request,
            HttpResponse.BodyHandler<T> handler, boolean idempotent) {
        int attempts = idempotent ? settings.retries() + 1 : 1;
        for (int attempt = 1;; attempt++) {
            Duration wait = settings.firstBackoff().multipliedBy(1L << Math.min(attempt - 1, 10));
            try {
                HttpResponse<T> answer = http.send(request, handler);
                if (answer.statusCode() != 503 || attempt >= attempts) {
                    return answer;
                }
                wait = answer.headers().firstValueAsLong("Retry-After").stream()
                        .mapToObj(Duration::ofSeconds).findFirst().orElse(wait);
                notices.accept("The API is busy (HTTP 503 on " + method + " " + path + "); retrying in "
                        + seconds(min(wait)) + " (attempt " + (attempt + 1) + " of " + attempts + ")");
            } catch (HttpConnectTimeoutException e) {
                throw unreachable("did not accept a connection within " + seconds(settings.timeout()));
            } catch (HttpTimeoutException e) {
                throw new ApiException(0, "The API at " + base + " did not answer " + method + " " + path
                        + " within " + seconds(settings.timeout()) + " (raise --timeout for long operations)");
            } catch (ConnectException e) {
                if (attempt >= attempts) {
                    throw unreachable("connection refused");
                }
                notices.accept("Cannot connect to " + base + "; retrying in " + seconds(min(wait)) + " (attempt "
                        + (attempt + 1) + " of " + attempts + ")");
            } catch (IOException e) {
                // The connection broke after the request went out (a replica killed, a proxy dropping it): the
                // answer is lost, not the request's meaning. Only an idempotent call may be sent again.
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                if (attempt >= attempts) {
                    throw unreachable(why);
                }
                notices.accept("Lost the connection to " + base + " during " + method + " " + path + " (" + oneLine(why)
                        + "); retrying in " + seconds(min(wait)) + " (attempt " + (attempt + 1) + " of " + attempts
                        + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiException(0, "Interrupted while waiting for the API");
            }
            sleep(min(wait));
        }
    }

    private ApiException unreachable(String why) {
        return new ApiException(0, "Cannot reach the hireflow API at " + base + " (" + oneLine(why)
                + "); is it running? Set --api-url or HIREFLOW_API_URL");
    }

    private static Duration min(Duration wait) {
        return wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(0, "Interrupted while waiting to retry");
        }
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
