package io.hireflow.api.report;

import io.hireflow.api.report.ReportService.ChartFormat;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import org.jboss.resteasy.reactive.RestResponse;

/** The quarterly-hire reports as JSON or CSV, their charts, and the render of the deliverables. */
@Path("/reports")
@Produces(MediaType.APPLICATION_JSON)
public class ReportsResource {

    private static final MediaType CSV = MediaType.valueOf(ReportCsv.MEDIA_TYPE);

    private final ReportService reports;

    ReportsResource(ReportService reports) {
        this.reports = reports;
    }

    @GET
    @Path("/hires-by-quarter")
    @Produces({ MediaType.APPLICATION_JSON, ReportCsv.MEDIA_TYPE })
    public RestResponse<Object> hiresByQuarter(UriInfo uri, HttpHeaders headers)
            throws SQLException, IOException {
        return answer(reports.hiresByQuarter(year(uri)), headers);
    }

    @GET
    @Path("/departments-above-mean")
    @Produces({ MediaType.APPLICATION_JSON, ReportCsv.MEDIA_TYPE })
    public RestResponse<Object> departmentsAboveMean(UriInfo uri, HttpHeaders headers)
            throws SQLException, IOException {
        return answer(reports.departmentsAboveMean(year(uri)), headers);
    }

    @GET
    @Path("/{report}/chart.png")
    @Produces("image/png")
    public RestResponse<byte[]> png(@PathParam("report") String report, UriInfo uri)
            throws SQLException, IOException {
        return chart(report, uri, ChartFormat.PNG);
    }

    @GET
    @Path("/{report}/chart.svg")
    @Produces("image/svg+xml")
    public RestResponse<byte[]> svg(@PathParam("report") String report, UriInfo uri)
            throws SQLException, IOException {
        return chart(report, uri, ChartFormat.SVG);
    }

    @POST
    @Path("/render")
    public RestResponse<RenderResult> render(UriInfo uri)
            throws SQLException, IOException {
        RenderResult result = reports.render(year(uri));
        return RestResponse.ResponseBuilder.<RenderResult>created(
                uri.getBaseUriBuilder().path(Deliverables.URL_PREFIX + ReportService.PAGE).build())
                .entity(result).build();
    }

    /** JSON by default; CSV (with a download name) when the caller accepts text/csv. */
    private RestResponse<Object> answer(Report report, HttpHeaders headers) throws IOException {
        if (!wantsCsv(headers)) {
            return RestResponse.ok(report);
        }
        return csv(report.report(), report.year(), ReportService.csv(report));
    }

    private RestResponse<byte[]> chart(String report, UriInfo uri, ChartFormat format)
            throws SQLException, IOException {
        ReportService.requireReport(report); // before the year is parsed: an unknown report is a 404 whatever the year
        byte[] bytes = reports.chart(report, year(uri), format);
        return RestResponse.ResponseBuilder.ok(bytes, format.mediaType).build();
    }

    // The rows are already aggregated in memory (one per department and job), so the CSV is built whole.
    private static RestResponse<Object> csv(String report, int year, byte[] body) {
        return RestResponse.ResponseBuilder.ok((Object) new String(body, StandardCharsets.UTF_8),
                CSV.withCharset("utf-8"))
                .header("Content-Disposition", "inline; filename=\"" + report + "-" + year + ".csv\"").build();
    }

    // Read from the raw query rather than @QueryParam, which turns "?year=" into "no year" (the default).
    private ReportYear year(UriInfo uri) {
        return reports.year(uri.getQueryParameters().getFirst("year"));
    }

    /** CSV only when the client prefers it: no Accept, {@code *}{@code /*} or JSON first all mean JSON. */
    static boolean wantsCsv(HttpHeaders headers) {
        for (MediaType accepted : headers.getAcceptableMediaTypes()) {
            if (accepted.isWildcardType() || accepted.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return false;
            }
            if (accepted.isCompatible(CSV)) {
                return true;
            }
        }
        return false;
    }
}
