package io.hireflow.api.support;

/** The tokens the %test profile accepts (their SHA-256 hashes are in application.properties). */
public final class TestTokens {

    public static final String READER = "test-reader-token";
    public static final String WRITER = "test-writer-token";
    public static final String ADMIN = "test-admin-token";

    private TestTokens() {
    }

    public static String bearer(String token) {
        return "Bearer " + token;
    }
}
