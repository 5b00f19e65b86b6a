package io.hireflow.api.report;

import io.hireflow.api.observe.ApiTags;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/** The quarterly-hire reports as JSON or CSV, their charts, and the render of the deliverables. */
@Path("/reports")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = ApiTags.REPORTS)
@SecurityRequirement(name = "bearer", scopes = "reader")
public class ReportsResource {

    private static final MediaType CSV = MediaType.valueOf(ReportCsv.MEDIA_TYPE);
    static final String REPORT_NAME = "The report: hires-by-quarter or departments-above-mean";

    private final ReportService reports;

    ReportsResource(ReportService reports) {
        this.reports = reports;
    }

    @GET
    @Path("/hires-by-quarter")
    @Produces({ MediaType.APPLICATION_JSON, ReportCsv.MEDIA_TYPE })
    @Operation(operationId = "getHiresByQuarter", summary = "Hires of each job in each department, by quarter",
            description = "Employees hired in the year, per department and job, in four quarter columns, ordered "
                    + "by department then job. Computed by SQL in the database. JSON by default; CSV (with a "
                    + "download name) when Accept prefers text/csv.")
    @Parameter(name = "year", in = ParameterIn.QUERY, description = "The year (default: hireflow.reports.default-year)",
            schema = @Schema(type = SchemaType.INTEGER, format = "int32", minimum = "1900", maximum = "9999"))
    @APIResponse(responseCode = "200", description = "The report", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = HiresByQuarterReport.class)),
            @Content(mediaType = ReportCsv.MEDIA_TYPE, schema = @Schema(type = SchemaType.STRING,
                    description = "CSV with a header row: department,job,Q1,Q2,Q3,Q4")) })
    @APIResponse(responseCode = "400", description = "The year is not a year", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public RestResponse<Object> hiresByQuarter(UriInfo uri, HttpHeaders headers)
            throws SQLException, IOException {
        return answer(reports.hiresByQuarter(year(uri)), headers);
    }

    @GET
    @Path("/departments-above-mean")
    @Produces({ MediaType.APPLICATION_JSON, ReportCsv.MEDIA_TYPE })
    @Operation(operationId = "getDepartmentsAboveMean", summary = "Departments that hired more than the mean",
            description = "Departments that hired more employees in the year than the mean over every department "
                    + "(a department that hired no one counts as 0), by hires descending, with the mean and what "
                    + "it was taken over. JSON by default; CSV when Accept prefers text/csv.")
    @Parameter(name = "year", in = ParameterIn.QUERY, description = "The year (default: hireflow.reports.default-year)",
            schema = @Schema(type = SchemaType.INTEGER, format = "int32", minimum = "1900", maximum = "9999"))
    @APIResponse(responseCode = "200", description = "The report", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = DepartmentsAboveMeanReport.class)),
            @Content(mediaType = ReportCsv.MEDIA_TYPE, schema = @Schema(type = SchemaType.STRING,
                    description = "CSV with a header row: id,department,hired")) })
    @APIResponse(responseCode = "400", description = "The year is not a year", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public RestResponse<Object> departmentsAboveMean(UriInfo uri, HttpHeaders headers)
            throws SQLException, IOException {
        return answer(reports.departmentsAboveMean(year(uri)), headers);
    }

    @GET
    @Path("/{report}/chart.png")
    @Produces("image/png")
    @Operation(operationId = "getReportChartPng", summary = "A report's chart as PNG",
            description = "The report of the year drawn with XChart: a heat map of hires by quarter, or a bar chart "
                    + "of the departments above the mean.")
    @Parameter(name = "year", in = ParameterIn.QUERY, description = "The year (default: hireflow.reports.default-year)",
            schema = @Schema(type = SchemaType.INTEGER, format = "int32", minimum = "1900", maximum = "9999"))
    @APIResponse(responseCode = "200", description = "The chart",
            content = @Content(mediaType = "image/png", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "400", description = "The year is not a year", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "404", description = "Unknown report", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public RestResponse<byte[]> png(@Parameter(description = REPORT_NAME, schema = @Schema(enumeration = {
            HiresByQuarterReport.NAME, DepartmentsAboveMeanReport.NAME })) @PathParam("report") String report,
            UriInfo uri)
            throws SQLException, IOException {
        return chart(report, uri, ChartFormat.PNG);
    }

    @GET
    @Path("/{report}/chart.svg")
    @Produces("image/svg+xml")
    @Operation(operationId = "getReportChartSvg", summary = "A report's chart as SVG",
            description = "The same chart as getReportChartPng, as scalable vector graphics.")
    @Parameter(name = "year", in = ParameterIn.QUERY, description = "The year (default: hireflow.reports.default-year)",
            schema = @Schema(type = SchemaType.INTEGER, format = "int32", minimum = "1900", maximum = "9999"))
    @APIResponse(responseCode = "200", description = "The chart", content = @Content(mediaType = "image/svg+xml",
            schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "400", description = "The year is not a year", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "404", description = "Unknown report", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public RestResponse<byte[]> svg(@Parameter(description = REPORT_NAME, schema = @Schema(enumeration = {
            HiresByQuarterReport.NAME, DepartmentsAboveMeanReport.NAME })) @PathParam("report") String report,
            UriInfo uri)
            throws SQLException, IOException {
        return chart(report, uri, ChartFormat.SVG);
    }

    @POST
    @Path("/render")
    @Operation(operationId = "renderReports", summary = "Render the deliverables of a year",
            description = "Writes both reports as CSV, PNG and SVG and one self-contained HTML page into the "
                    + "deliverables folder, and answers with each file and the URL it is served at "
                    + "(getDeliverable).")
    @SecurityRequirement(name = "bearer", scopes = "admin")
    @Parameter(name = "year", in = ParameterIn.QUERY, description = "The year (default: hireflow.reports.default-year)",
            schema = @Schema(type = SchemaType.INTEGER, format = "int32", minimum = "1900", maximum = "9999"))
    @APIResponse(responseCode = "201", description = "The files were written",
            headers = @Header(name = "Location", description = "The HTML page",
                    schema = @Schema(type = SchemaType.STRING, format = "uri")),
            content = @Content(schema = @Schema(implementation = RenderResult.class)))
    @APIResponse(responseCode = "400", description = "The year is not a year", content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
    public RestResponse<RenderResult> render(UriInfo uri)
            throws SQLException, IOException {
        RenderResult result = reports.render(year(uri));
        return RestResponse.ResponseBuilder.<RenderResult>created(
                uri.getBaseUriBuilder().path(Deliverables.URL_PREFIX + ReportService.PAGE).build())
                .entity(result).build();
    }

    /** JSON by default; CSV (with a download name) when the caller accepts text/csv. */
    private RestResponse<Object> answer(Report<?> report, HttpHeaders headers) throws IOException {
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
