package io.hireflow.api.observe;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.examples.Example;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Completes the OpenAPI document for every endpoint, including those added later: the bearer
 * security scheme, the RFC 9457 problem schema, and the 401/403/503 answers any operation can give.
 */
public class OpenApiDocumentation implements OASFilter {

    static final String PROBLEM = "Problem";
    static final String BEARER = "bearer";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSchema(PROBLEM, problemSchema());
        openAPI.getComponents().addSecurityScheme(BEARER, OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.HTTP).scheme("bearer")
                .description("A token for the role reader (GET), writer (POST rows) or admin (history loads, "
                        + "backups, restores, report rendering); admin implies writer implies reader."));
        openAPI.addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme(BEARER));
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().values().forEach(item -> item.getOperations().values()
                .forEach(OpenApiDocumentation::addCommonAnswers));
    }

    private static void addCommonAnswers(Operation operation) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        addIfAbsent(operation, "401", "No token, or a token that is not valid", "unauthorized",
                "Authentication required", "This endpoint needs a token: send Authorization: Bearer <token>");
        addIfAbsent(operation, "403", "The token's role does not allow this", "forbidden", "Forbidden",
                "Your token's role does not allow POST /tables/employees/rows; ...");
        addIfAbsent(operation, "503", "The database is unreachable or the table is busy (see Retry-After); "
                + "nothing was written", "busy", "Try again shortly",
                "The database cannot be reached right now; nothing was written");
        addIfAbsent(operation, "500", "Unexpected failure; the API log has the details (find it by requestId)",
                "internal-error", "Internal error", "Something went wrong on our side; the API log has the details.");
    }

    private static void addIfAbsent(Operation operation, String status, String description, String slug,
            String title, String detail) {
        if (operation.getResponses().hasAPIResponse(status)) {
            return;
        }
        operation.getResponses().addAPIResponse(status, problemResponse(description, Integer.parseInt(status), slug,
                title, detail));
    }

    /** A problem answer with an example, for use in resource annotations' absence or by other filters. */
    static APIResponse problemResponse(String description, int status, String slug, String title, String detail) {
        Example example = OASFactory.createExample().value(Map.of(
                "type", "https://hireflow.io/problems/" + slug, "title", title, "status", status,
                "detail", detail, "instance", "/tables/employees/rows",
                "requestId", "3f1c2a9e-6f1d-4c55-9d7e-0b6f2f1f7a10"));
        return OASFactory.createAPIResponse().description(description)
                .content(OASFactory.createContent().addMediaType("application/problem+json",
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM))
                                .addExample(slug, example)));
    }

    private static Schema problemSchema() {
        return OASFactory.createSchema().type(List.of(Schema.SchemaType.OBJECT))
                .description("RFC 9457 problem details: the one error shape of every endpoint. Further members "
                        + "appear where they help (errors, knownTables, minRows, ...).")
                .addProperty("type", string("A URI naming the kind of problem"))
                .addProperty("title", string("A short summary of the kind"))
                .addProperty("status", OASFactory.createSchema().type(List.of(Schema.SchemaType.INTEGER)))
                .addProperty("detail", string("What went wrong this time, in words a person can act on"))
                .addProperty("instance", string("The request path"))
                .addProperty("requestId", string("The request id: also in the X-Request-Id header and the API log"))
                .additionalPropertiesBoolean(Boolean.TRUE);
    }

    private static Schema string(String description) {
        return OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)).description(description);
    }

}
