package io.hireflow.client.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client's network behaviour against a tiny local HTTP server standing in for the API. */
class ApiClientTest {

    private HttpServer server;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicReference<String> authorization = new AtomicReference<>();
    private final List<String> notices = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/busy-then-ok", exchange -> {
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            boolean busy = calls.incrementAndGet() < 3;
            reply(exchange, busy ? 503 : 200, busy ? "application/problem+json" : "application/json",
                    busy ? "{\"title\":\"Try again shortly\",\"status\":503}" : "{\"ok\":true}");
        });
        server.createContext("/missing", exchange -> {
            calls.incrementAndGet();
            reply(exchange, 404, "application/problem+json", """
                    {"type":"https://hireflow.io/problems/row-not-found","title":"Row not found","status":404,
                     "detail":"No row in employees has employee_id 7\\nreally"}""");
        });
        server.createContext("/invalid", exchange -> reply(exchange, 400, "application/problem+json", """
                {"title":"Invalid request","status":400,"detail":"see 'errors'",
                 "errors":[{"field":"year","message":"must be at least 2000"}]}"""));
        server.createContext("/report.csv", exchange -> reply(exchange, 200, "text/csv", "a,b\n"));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void retriesAnIdempotentCallWhileTheApiIsBusyAndSendsTheToken() {
        ApiClient api = client(url(server.getAddress().getPort()), 3);

        assertTrue(api.getJson("/busy-then-ok").path("ok").asBoolean());
        assertEquals(3, calls.get());
        assertEquals(2, notices.size(), notices.toString());
        assertEquals("Bearer secret", authorization.get());
    }

    @Test
    void neverRetriesACallThatIsNotIdempotent() {
        ApiClient api = client(url(server.getAddress().getPort()), 3);

        ApiResponse answer = api.send("POST", "/busy-then-ok", "[]", ApiClient.JSON, ApiClient.JSON, Map.of(), false);

        assertEquals(503, answer.status());
        assertEquals(1, calls.get());
    }

    @Test
    void turnsAProblemAnswerIntoOneLine() {
        ApiClient api = client(url(server.getAddress().getPort()), 3);

        ApiException notFound = assertThrows(ApiException.class, () -> api.getJson("/missing"));
        assertEquals(404, notFound.status());
        assertEquals("Row not found: No row in employees has employee_id 7 really (HTTP 404)", notFound.getMessage());
        assertEquals(1, calls.get(), "a 404 is not retried");

        ApiException invalid = assertThrows(ApiException.class, () -> api.getJson("/invalid"));
        assertEquals("Invalid request: see 'errors' [year: must be at least 2000] (HTTP 400)", invalid.getMessage());
    }

    @Test
    void saysPlainlyWhenNothingListens() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ApiClient api = client(url(port), 2);

        ApiException down = assertThrows(ApiException.class, () -> api.getJson("/tables"));

        assertEquals(0, down.status());
        assertTrue(down.getMessage().startsWith("Cannot reach the hireflow API at http://127.0.0.1:" + port),
                down.getMessage());
        assertEquals(2, notices.size(), "two retries announced: " + notices);
        assertTrue(!down.getMessage().contains("\n"));
    }

    @Test
    void reportsAFolderItCannotWriteAsAFileErrorNotAsANetworkOne(@TempDir Path folder) throws IOException {
        ApiClient api = client(url(server.getAddress().getPort()), 2);
        // A directory where the download's temporary file would go: opening it for writing fails even as root,
        // as a folder owned by another uid does in the client container.
        Files.createDirectories(folder.resolve("report.csv.part").resolve("occupied"));

        ApiException failed = assertThrows(ApiException.class, () -> api.download("/report.csv", folder.resolve("report.csv")));

        assertTrue(failed.getMessage().startsWith("Cannot write " + folder.resolve("report.csv")), failed.getMessage());
        assertFalse(failed.getMessage().contains("Cannot reach"), failed.getMessage());
        assertTrue(notices.isEmpty(), "no network retry for a file error: " + notices);
    }

    @Test
    void downloadsThroughATemporaryName(@TempDir Path folder) {
        ApiClient api = client(url(server.getAddress().getPort()), 2);

        long size = api.download("/report.csv", folder.resolve("report.csv"));

        assertEquals(4, size);
        assertFalse(Files.exists(folder.resolve("report.csv.part")));
    }

    private ApiClient client(URI url, int retries) {
        return new ApiClient(new ApiClient.Settings(url, "secret", Duration.ofSeconds(5), retries,
                Duration.ofMillis(10), "test"), new ObjectMapper(), notices::add);
    }

    private static URI url(int port) {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    private static void reply(com.sun.net.httpserver.HttpExchange exchange, int status, String type, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        if (status == 503) {
            exchange.getResponseHeaders().add("Retry-After", "0");
        }
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
