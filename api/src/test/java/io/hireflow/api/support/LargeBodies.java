package io.hireflow.api.support;

import io.restassured.RestAssured;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.Supplier;

/**
 * Test helper: posts bodies too large to build in memory, generated as they are sent, with or without a
 * Content-Length (chunked), to the API under test with the admin token.
 */
public final class LargeBodies {

    private LargeBodies() {
    }

    /** An endless stream of {@code fill} bytes, cut at {@code length}. */
    public static Supplier<InputStream> bytes(long length, byte fill) {
        return () -> new InputStream() {
            private long left = length;

            @Override
            public int read() {
                return left-- > 0 ? fill : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, fill);
                left -= n;
                return n;
            }
        };
    }

    /** Posts the body; {@code declareLength} sends Content-Length, else the body goes chunked. The answer's status. */
    public static HttpResponse<String> post(String path, String contentType, Supplier<InputStream> body, long length,
            boolean declareLength) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher publisher = HttpRequest.BodyPublishers.ofInputStream(body);
        if (declareLength) {
            publisher = HttpRequest.BodyPublishers.fromPublisher(publisher, length);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + path))
                .header("Content-Type", contentType)
                .header("Authorization", TestTokens.bearer(TestTokens.ADMIN))
                .POST(publisher).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
