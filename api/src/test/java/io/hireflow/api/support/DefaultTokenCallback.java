package io.hireflow.api.support;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes every {@code @QuarkusTest} send the admin test token unless the request carries its own
 * {@code Authorization}, so tests written before authentication existed keep passing unchanged;
 * classes marked {@link WithoutDefaultToken} send none. A Quarkus callback rather than a plain JUnit
 * extension: it runs in the class loader the tests use, so it sets the REST Assured the tests call.
 */
public class DefaultTokenCallback implements QuarkusTestBeforeEachCallback {

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        List<Filter> filters = new ArrayList<>(RestAssured.filters());
        filters.removeIf(f -> f instanceof AdminTokenFilter);
        if (!anonymous(context.getTestInstance().getClass())) {
            filters.add(new AdminTokenFilter());
        }
        RestAssured.replaceFiltersWith(filters);
    }

    private static boolean anonymous(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            if (c.isAnnotationPresent(WithoutDefaultToken.class)) {
                return true;
            }
        }
        return false;
    }

    /** Adds the admin token to requests that carry no Authorization header. */
    static final class AdminTokenFilter implements Filter {
        @Override
        public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
                FilterContext context) {
            if (!request.getHeaders().hasHeaderWithName("Authorization")) {
                request.header("Authorization", TestTokens.bearer(TestTokens.ADMIN));
            }
            return context.next(request, response);
        }
    }
}
