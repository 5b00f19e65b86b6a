package io.hireflow.api.observe;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;

import io.hireflow.api.support.WithoutDefaultToken;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The OpenAPI document: public, with the bearer scheme, the problem schema and documented answers. */
@QuarkusTest
@WithoutDefaultToken
class OpenApiTest {

    @Test
    void documentsSecurityProblemsAndTheBatchEndpoint() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().log().ifValidationFails()
                .statusCode(200)
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"))
                .body("components.schemas.Problem.properties", hasKey("requestId"))
                .body("security[0]", hasKey("bearer"))
                .body("paths.'/tables/{table}/rows'.post.responses", hasKey("201"))
                .body("paths.'/tables/{table}/rows'.post.responses", hasKey("422"))
                .body("paths.'/tables/{table}/rows'.post.responses.'400'.content.'application/problem+json'.examples",
                        notNullValue())
                .body("paths.'/tables/{table}/rows'.post.responses", hasKey("401"))
                .body("paths.'/tables/{table}/rows'.post.responses", hasKey("403"))
                .body("paths.'/tables/{table}/rows'.post.responses.'503'.content.'application/problem+json'.schema.'$ref'",
                        equalTo("#/components/schemas/Problem"))
                .body("paths.'/tables/{table}/rejects'.get.summary", notNullValue())
                .body("paths.'/tables'.get.responses.'200'.content.'application/json'.examples", notNullValue());
        given().when().get("/q/swagger-ui/").then().statusCode(200);
    }
}
