package io.hireflow.api.support;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;

/**
 * Makes every {@code @QuarkusTest} send the admin test token by default, so tests written before
 * authentication existed keep passing unchanged; classes marked {@link WithoutDefaultToken} send none.
 * A Quarkus callback rather than a plain JUnit extension: it runs in the class loader the tests use,
 * so it sets the same REST Assured the tests call.
 */
public class DefaultTokenCallback implements QuarkusTestBeforeEachCallback {

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        if (anonymous(context.getTestInstance().getClass())) {
            RestAssured.requestSpecification = null;
        } else {
            RestAssured.requestSpecification = new RequestSpecBuilder()
                    .addHeader("Authorization", TestTokens.bearer(TestTokens.ADMIN)).build();
        }
    }

    private static boolean anonymous(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            if (c.isAnnotationPresent(WithoutDefaultToken.class)) {
                return true;
            }
        }
        return false;
    }
}
