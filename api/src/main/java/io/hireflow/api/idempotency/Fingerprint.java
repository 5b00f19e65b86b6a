package io.hireflow.api.idempotency;

import io.hireflow.api.digest.Sha256;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The SHA-256 of what makes a request this request: method, path, query, media type and the body's
 * bytes, read as the resource parses it (the body is never held twice). A key sent again with another
 * fingerprint is a different request under a reused key.
 */
public final class Fingerprint {

    private final MessageDigest digest = Sha256.newDigest();
    private final DigestInputStream body;

    /** Starts a fingerprint of the request; read the body through {@link #body()}. */
    public Fingerprint(String method, String path, String query, String mediaType, InputStream body) {
        for (String part : new String[] {method, path, query == null ? "" : query, mediaType == null ? "" : mediaType}) {
            digest.update(part.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
        }
        // Parsers close what they read (Jackson does at the end of the array); the rest is still to be hashed.
        this.body = new DigestInputStream(new FilterInputStream(body) {
            @Override
            public void close() {
                // closed by the request, not by the parser
            }
        }, digest);
    }

    public InputStream body() {
        return body;
    }

    /** Reads what the parser left (trailing white space) and returns the fingerprint in hex. */
    public String finish() throws IOException {
        body.transferTo(OutputStream.nullOutputStream());
        return HexFormat.of().formatHex(digest.digest());
    }
}
