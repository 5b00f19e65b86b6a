package io.hireflow.api.report;

import java.util.Locale;
import java.util.stream.LongStream;

/**
 * The one self-contained page stakeholders open: both reports as tables with their charts inlined as SVG,
 * styles inline, no script and nothing fetched from the network. Every data value is HTML-escaped.
 *
 * <p>Read at a glance: the two charts and the short above-mean table come first; the long table of every
 * department and job (hundreds of rows) follows, folded in a {@code <details>} element that opens without any
 * script. Its rows carry the department and job ids, since two jobs may share a name.
 */
public final class ReportPage {

    private ReportPage() {
    }

    /**
     * @param hiresSvg the hires-by-quarter chart as an SVG element (no XML prolog)
     * @param aboveMeanSvg the departments-above-mean chart as an SVG element (no XML prolog)
     */
    public static String html(HiresByQuarterReport hires, DepartmentsAboveMeanReport aboveMean, String hiresSvg,
            String aboveMeanSvg) {
        int year = hires.year();
        StringBuilder html = new StringBuilder(hiresSvg.length() + aboveMeanSvg.length() + 64 * 1024);
        html.append("""
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
                """);
        html.append("<title>Hires in ").append(year).append(" — hireflow reports</title>\n");
        html.append("""
                <style>
                body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 2rem auto; max-width: 1240px;
                       color: #1d1d1d; padding: 0 1rem; line-height: 1.4; }
                h1 { font-size: 1.8rem; margin-bottom: .2rem; }
                h2 { font-size: 1.35rem; margin-top: 2.5rem; border-bottom: 2px solid #0072B2; padding-bottom: .2rem; }
                .meta { color: #555; }
                figure { margin: 1rem 0; }
                figure svg { width: 100%; height: auto; display: block; }
                figcaption { color: #555; font-size: .9rem; }
                table { border-collapse: collapse; margin: 1rem 0; font-size: .95rem; }
                details { margin: 1rem 0; }
                summary { cursor: pointer; font-weight: bold; color: #0072B2; padding: .3rem 0; }
                td.id { color: #555; }
                th, td { border: 1px solid #ccc; padding: .3rem .7rem; }
                th { background: #eef4fa; text-align: left; }
                td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
                tfoot td { font-weight: bold; background: #f6f6f6; }
                .empty { font-style: italic; color: #555; }
                </style>
                </head>
                <body>
                """);
        html.append("<h1>Hires in ").append(year).append("</h1>\n");
        html.append("<p class=\"meta\">Generated at ").append(escape(hires.generatedAt()))
                .append(" from the hireflow database. Quarters are calendar quarters in UTC.</p>\n");

        html.append("<section id=\"hires-by-quarter\">\n<h2>Employees hired per department and quarter</h2>\n");
        html.append(figure(hiresSvg, "Stacked bars: employees hired per department in " + year
                + ", one segment per quarter (all jobs together). Every job is in the table at the end."));
        html.append("</section>\n");

        html.append("<section id=\"departments-above-mean\">\n<h2>Departments that hired more than the mean</h2>\n");
        html.append("<p>Mean: <strong>").append(decimal(aboveMean.mean())).append("</strong> hires per department — ")
                .append(escape(aboveMean.meanOver())).append(".</p>\n");
        html.append(figure(aboveMeanSvg, "Bars: departments that hired more than the mean in " + year
                + "; dashed line: the mean."));
        aboveMeanTable(html, aboveMean);
        html.append("</section>\n");

        html.append("<section id=\"hires-by-quarter-rows\">\n<h2>Employees hired by department, job and quarter</h2>\n");
        hiresTable(html, hires);
        html.append("</section>\n</body>\n</html>\n");
        return html.toString();
    }

    private static String figure(String svg, String caption) {
        return "<figure role=\"img\" aria-label=\"" + escape(caption) + "\">\n" + svg + "\n<figcaption>"
                + escape(caption) + "</figcaption>\n</figure>\n";
    }

    private static void hiresTable(StringBuilder html, HiresByQuarterReport report) {
        if (report.rows().isEmpty()) {
            html.append("<p class=\"empty\">No employees were hired in ").append(report.year()).append(".</p>\n");
        }
        int rows = report.rows().size();
        html.append("<details id=\"hires-by-quarter-details\">\n<summary>Show all ").append(rows)
                .append(rows == 1 ? " row" : " rows").append(" (department, job, their ids, hires per quarter)")
                .append("</summary>\n");
        html.append("<table id=\"hires-by-quarter-table\">\n<thead><tr><th>Department</th><th class=\"n\">Dept. id</th>"
                + "<th>Job</th><th class=\"n\">Job id</th>"
                + "<th class=\"n\">Q1</th><th class=\"n\">Q2</th><th class=\"n\">Q3</th><th class=\"n\">Q4</th>"
                + "</tr></thead>\n<tbody>\n");
        long[] totals = new long[4];
        for (QuarterlyHires row : report.rows()) {
            html.append("<tr><td>").append(escape(row.department())).append("</td><td class=\"n id\">")
                    .append(row.departmentId()).append("</td><td>").append(escape(row.job()))
                    .append("</td><td class=\"n id\">").append(row.jobId()).append("</td>");
            for (int q = 1; q <= 4; q++) {
                totals[q - 1] += row.quarter(q);
                html.append("<td class=\"n\">").append(row.quarter(q)).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</tbody>\n<tfoot><tr><td colspan=\"4\">Total (").append(LongStream.of(totals).sum())
                .append(" hires)</td>");
        for (long total : totals) {
            html.append("<td class=\"n\">").append(total).append("</td>");
        }
        html.append("</tr></tfoot>\n</table>\n</details>\n");
    }

    private static void aboveMeanTable(StringBuilder html, DepartmentsAboveMeanReport report) {
        if (report.rows().isEmpty()) {
            html.append("<p class=\"empty\">No department hired more than the mean in ").append(report.year())
                    .append(".</p>\n");
        }
        html.append("<table id=\"departments-above-mean-table\">\n<thead><tr><th class=\"n\">Id</th>"
                + "<th>Department</th><th class=\"n\">Hired</th></tr></thead>\n<tbody>\n");
        for (DepartmentHires row : report.rows()) {
            html.append("<tr><td class=\"n\">").append(row.id()).append("</td><td>").append(escape(row.department()))
                    .append("</td><td class=\"n\">").append(row.hired()).append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n");
    }

    static String decimal(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /** Text as HTML element content or a quoted attribute value. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
