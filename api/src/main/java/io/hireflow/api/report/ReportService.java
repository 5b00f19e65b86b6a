package io.hireflow.api.report;

import io.hireflow.api.config.HireflowConfig;
import io.hireflow.api.failure.NotFoundException;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.CategoryChart;

/** Runs the reports, draws their charts and renders the deliverables set. */
@ApplicationScoped
public class ReportService {

    public static final List<String> REPORTS = List.of(HiresByQuarterReport.NAME, DepartmentsAboveMeanReport.NAME);
    public static final String PAGE = "index.html";

    private final ReportQueries queries;
    private final Deliverables deliverables;
    private final int defaultYear;

    ReportService(ReportQueries queries, Deliverables deliverables, HireflowConfig config) {
        this.queries = queries;
        this.deliverables = deliverables;
        this.defaultYear = config.reports().defaultYear();
    }

    /** The {@code year} parameter checked (400 problem when bad), or the configured default when absent. */
    public ReportYear year(String raw) {
        return ReportYear.parse(raw, defaultYear);
    }

    public HiresByQuarterReport hiresByQuarter(ReportYear year) throws SQLException {
        return queries.hiresByQuarter(year);
    }

    public DepartmentsAboveMeanReport departmentsAboveMean(ReportYear year) throws SQLException {
        return queries.departmentsAboveMean(year);
    }

    /** The named report's chart for the year, as PNG or SVG bytes. */
    public byte[] chart(String report, ReportYear year, ChartFormat format) throws SQLException, IOException {
        CategoryChart chart = switch (report) {
            case HiresByQuarterReport.NAME -> ReportCharts.hiresByQuarter(queries.hiresByQuarter(year));
            case DepartmentsAboveMeanReport.NAME ->
                    ReportCharts.departmentsAboveMean(queries.departmentsAboveMean(year));
            default -> throw unknownReport(report);
        };
        return format == ChartFormat.PNG ? ReportCharts.png(chart) : ReportCharts.svg(chart);
    }

    /** Writes both CSVs, both charts as PNG and SVG, and the page into the deliverables folder. */
    public RenderResult render(ReportYear year) throws SQLException, IOException {
        long started = System.nanoTime();
        ReportQueries.Reports reports = queries.both(year);
        CategoryChart hiresChart = ReportCharts.hiresByQuarter(reports.hiresByQuarter());
        CategoryChart aboveMeanChart = ReportCharts.departmentsAboveMean(reports.departmentsAboveMean());
        byte[] hiresSvg = ReportCharts.svg(hiresChart);
        byte[] aboveMeanSvg = ReportCharts.svg(aboveMeanChart);

        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(HiresByQuarterReport.NAME + ".csv", csv(reports.hiresByQuarter()));
        files.put(DepartmentsAboveMeanReport.NAME + ".csv", csv(reports.departmentsAboveMean()));
        files.put(HiresByQuarterReport.NAME + ".png", ReportCharts.png(hiresChart));
        files.put(HiresByQuarterReport.NAME + ".svg", hiresSvg);
        files.put(DepartmentsAboveMeanReport.NAME + ".png", ReportCharts.png(aboveMeanChart));
        files.put(DepartmentsAboveMeanReport.NAME + ".svg", aboveMeanSvg);
        files.put(PAGE, ReportPage.html(reports.hiresByQuarter(), reports.departmentsAboveMean(),
                inline(hiresSvg), inline(aboveMeanSvg)).getBytes(StandardCharsets.UTF_8));

        List<Deliverable> written = deliverables.publish(files);
        Log.infof("Rendered the %d reports deliverables for %d into %s in %d ms", written.size(), year.value(),
                deliverables.directory(), (System.nanoTime() - started) / 1_000_000);
        return new RenderResult(year.value(), deliverables.directory().toString(), written);
    }

    /** A report as CSV bytes. */
    static byte[] csv(Report<?> report) throws IOException {
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        report.writeCsv(csv);
        return csv.toByteArray();
    }

    static String requireReport(String report) {
        if (!REPORTS.contains(report)) {
            throw unknownReport(report);
        }
        return report;
    }

    private static RuntimeException unknownReport(String report) {
        return new NotFoundException("report-not-found", "Report not found",
                "No report called '" + report + "'; the reports are " + String.join(", ", REPORTS))
                .with("reports", REPORTS);
    }

    // The SVG element alone: an XML prolog or DOCTYPE is not allowed in the middle of an HTML page.
    private static String inline(byte[] svg) {
        String text = new String(svg, StandardCharsets.UTF_8);
        int start = text.indexOf("<svg");
        return start < 0 ? text : text.substring(start);
    }

    /** The two encodings a chart is served in. */
    public enum ChartFormat {
        PNG("image/png"), SVG("image/svg+xml");

        public final String mediaType;

        ChartFormat(String mediaType) {
            this.mediaType = mediaType;
        }
    }
}
