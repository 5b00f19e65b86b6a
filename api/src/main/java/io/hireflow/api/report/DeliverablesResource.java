package io.hireflow.api.report;

import io.hireflow.api.observe.ApiTags;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Serves the rendered deliverables by plain file name. No class-level {@code @Produces}: each file carries its own
 * media type, and a JSON default would hand the file to the JSON writer.
 */
@Path("/reports/deliverables")
@Tag(name = ApiTags.REPORTS)
@SecurityRequirement(name = "bearer", scopes = "reader")
public class DeliverablesResource {

    private final Deliverables deliverables;

    DeliverablesResource(Deliverables deliverables) {
        this.deliverables = deliverables;
    }

    @GET
    @Path("/{name}")
    @Operation(operationId = "getDeliverable", summary = "Get one rendered deliverable",
            description = "A file written by renderReports (CSV, PNG, SVG or the HTML page), by its plain file "
                    + "name, with its own media type.")
    @APIResponse(responseCode = "200", description = "The file", content = {
            @Content(mediaType = "text/html", schema = @Schema(type = SchemaType.STRING)),
            @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING)),
            @Content(mediaType = "image/png", schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = "image/svg+xml", schema = @Schema(type = SchemaType.STRING, format = "binary")) })
    @APIResponse(responseCode = "400", description = "Not a plain file name", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "404", description = "No such deliverable; render them first",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public RestResponse<java.nio.file.Path> deliverable(
            @Parameter(description = "A file name from renderReports, e.g. index.html") @PathParam("name") String name) {
        java.nio.file.Path file = deliverables.find(name);
        return RestResponse.ResponseBuilder.ok(file, Deliverables.mediaType(name))
                .header("Cache-Control", "no-cache")
                .build();
    }
}
