package io.hireflow.api.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The page reads at a glance: charts and the short table first, the long table folded, rows told apart by id. */
class ReportPageTest {

    @Test
    void chartsAndTheAboveMeanTableComeFirstAndTheLongTableIsFolded() throws IOException {
        String html = page(hires(300));

        int hiresChart = html.indexOf("<section id=\"hires-by-quarter\"");
        int aboveMean = html.indexOf("id=\"departments-above-mean-table\"");
        int folded = html.indexOf("<details id=\"hires-by-quarter-details\">");
        int longTable = html.indexOf("id=\"hires-by-quarter-table\"");
        assertTrue(hiresChart >= 0 && hiresChart < aboveMean && aboveMean < folded && folded < longTable,
                "order: chart, above-mean table, folded long table");
        assertTrue(html.substring(hiresChart, aboveMean).contains("<svg"), "the hires chart before the short table");
        assertFalse(html.contains("<details open"), "the long table starts folded");
        assertTrue(html.contains("<summary>Show all 300 rows"), "the fold says how many rows it holds");
        assertTrue(html.indexOf("</table>\n</details>") > longTable, "the whole long table is inside the fold");
    }

    @Test
    void rowsWithTheSameNamesAreToldApartByTheirIds() throws IOException {
        List<QuarterlyHires> rows = List.of(
                new QuarterlyHires("Accounting", "Analyst II", 1, 0, 0, 0, 12, 7),
                new QuarterlyHires("Accounting", "Analyst II", 0, 1, 0, 0, 12, 41),
                new QuarterlyHires("Accounting", "Analyst II", 0, 0, 1, 0, 12, 95));
        String html = page(new HiresByQuarterReport(2021, "2026-12-01T00:00:00Z", rows));

        List<String> cells = new ArrayList<>();
        Matcher row = Pattern.compile("<tr><td>Accounting</td>(.*?)</tr>").matcher(html);
        while (row.find()) {
            cells.add(row.group(1));
        }
        assertEquals(3, cells.size(), html);
        assertEquals(3, cells.stream().distinct().count(), "three rows that look different: " + cells);
        assertTrue(cells.get(0).startsWith("<td class=\"n id\">12</td><td>Analyst II</td><td class=\"n id\">7</td>"),
                cells.get(0));
    }

    @Test
    void theDashedMeanSwatchStandsClearOfEveryLegendText() throws IOException {
        String svg = new String(ReportCharts.svg(ReportCharts.departmentsAboveMean(aboveMean())),
                StandardCharsets.UTF_8);
        // The legend's swatch of the mean: the short dashed line (the mean across the plot is long).
        Matcher line = Pattern.compile("<line [^>]*stroke-dasharray:12,6;\" x1=\"([\\d.]+)\" x2=\"([\\d.]+)\" "
                + "y1=\"([\\d.]+)\"").matcher(svg);
        double x1 = -1;
        double x2 = -1;
        double y = -1;
        while (line.find()) {
            if (Double.parseDouble(line.group(2)) - Double.parseDouble(line.group(1)) < 100) {
                x1 = Double.parseDouble(line.group(1));
                x2 = Double.parseDouble(line.group(2));
                y = Double.parseDouble(line.group(3));
            }
        }
        assertTrue(x1 > 0, "a dashed swatch in the legend");
        // Text is drawn as glyph outlines, one group per run, placed at its baseline's start.
        Matcher text = Pattern.compile("<g transform=\"translate\\(([\\d.]+) ([\\d.]+)\\)\"").matcher(svg);
        double nextText = Double.MAX_VALUE;
        while (text.find()) {
            double x = Double.parseDouble(text.group(1));
            double baseline = Double.parseDouble(text.group(2));
            if (Math.abs(baseline - (y + 8)) < 12) {
                assertTrue(x > x2, "a text on the swatch's row starts left of it, at x " + x + ": it reads as one");
                nextText = Math.min(nextText, x);
            }
        }
        assertTrue(nextText - x2 >= 8 && nextText < x2 + 40, "the swatch's own text follows it with a gap: "
                + (nextText - x2) + " px");
    }

    static String page(HiresByQuarterReport hires) throws IOException {
        DepartmentsAboveMeanReport aboveMean = aboveMean();
        return ReportPage.html(hires, aboveMean, svg(ReportCharts.hiresByQuarter(hires)),
                svg(ReportCharts.departmentsAboveMean(aboveMean)));
    }

    static HiresByQuarterReport hires(int rows) {
        List<QuarterlyHires> list = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            list.add(new QuarterlyHires("Department " + (1 + i % 12), "Job " + i, i % 3, 1, 0, i % 2, 1 + i % 12,
                    i + 1));
        }
        return new HiresByQuarterReport(2021, "2026-12-01T00:00:00Z", list);
    }

    static DepartmentsAboveMeanReport aboveMean() {
        return new DepartmentsAboveMeanReport(2021, "2026-12-01T00:00:00Z", 4, 20,
                List.of(new DepartmentHires(2, "Sales", 9), new DepartmentHires(1, "Research and Development", 7)));
    }

    private static String svg(org.knowm.xchart.CategoryChart chart) throws IOException {
        String svg = new String(ReportCharts.svg(chart), StandardCharsets.UTF_8);
        return svg.substring(svg.indexOf("<svg"));
    }
}
