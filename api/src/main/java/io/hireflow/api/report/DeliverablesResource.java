package io.hireflow.api.report;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Serves the rendered deliverables by plain file name. No class-level {@code @Produces}: each file carries its own
 * media type, and a JSON default would hand the file to the JSON writer.
 */
@Path("/reports/deliverables")
public class DeliverablesResource {

    private final Deliverables deliverables;

    DeliverablesResource(Deliverables deliverables) {
        this.deliverables = deliverables;
    }

    @GET
    @Path("/{name}")
    public RestResponse<java.nio.file.Path> deliverable(@PathParam("name") String name) {
        java.nio.file.Path file = deliverables.find(name);
        return RestResponse.ResponseBuilder.ok(file, Deliverables.mediaType(name))
                .header("Cache-Control", "no-cache")
                .build();
    }
}
