package io.hireflow.api.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The reports as XChart charts, encoded as PNG or SVG: report 1 as hires per department stacked by quarter,
 * report 2 as bars with the mean drawn as a line. Headless: no display is needed, only a font.
 */
public final class ReportCharts {

    static {
        // Servers have no display; AWT must not try to open one (effective only before AWT first loads).
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    public static final int WIDTH = 1200;
    public static final int HEIGHT = 720;

    // Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
    private static final Color[] QUARTER_COLORS = { new Color(0x0072B2), new Color(0xE69F00),
            new Color(0x009E73), new Color(0xCC79A7) };
    private static final Color BAR_COLOR = new Color(0x0072B2);
    private static final Color MEAN_COLOR = new Color(0xD55E00);
    // Category labels longer than this are turned so neighbours do not overlap.
    private static final int ROTATE_OVER_CHARS = 8;
    private static final int UPRIGHT_OVER_CATEGORIES = 12;

    private ReportCharts() {
    }

    /** Hires per department, one stacked segment per quarter (the report's jobs summed per department). */
    public static CategoryChart hiresByQuarter(HiresByQuarterReport report) {
        // By id: two departments of the same name are two bars, labelled with their ids.
        Map<Integer, long[]> byDepartment = new LinkedHashMap<>();
        Map<Integer, String> names = new LinkedHashMap<>();
        for (QuarterlyHires row : report.rows()) {
            long[] quarters = byDepartment.computeIfAbsent(row.departmentId(), d -> new long[4]);
            names.put(row.departmentId(), row.department());
            for (int q = 1; q <= 4; q++) {
                quarters[q - 1] += row.quarter(q);
            }
        }
        CategoryChart chart = chart("Employees hired per department by quarter, " + report.year(), "Department",
                "Employees hired");
        chart.getStyler().setStacked(true);
        chart.getStyler().setSeriesColors(QUARTER_COLORS);
        if (byDepartment.isEmpty()) {
            return empty(chart, "No hires in " + report.year());
        }
        List<String> departments = names.entrySet().stream()
                .map(d -> Collections.frequency(names.values(), d.getValue()) > 1 ? d.getValue() + " (" + d.getKey()
                        + ")" : d.getValue())
                .toList();
        for (int q = 1; q <= 4; q++) {
            List<Long> values = new ArrayList<>();
            for (long[] quarters : byDepartment.values()) {
                values.add(quarters[q - 1]);
            }
            chart.addSeries("Q" + q, departments, values);
        }
        rotateIfLong(chart, departments);
        return chart;
    }

    /** The departments above the mean as bars, and the mean as a horizontal line across them. */
    public static CategoryChart departmentsAboveMean(DepartmentsAboveMeanReport report) {
        String mean = String.format(Locale.ROOT, "%,.2f", report.mean());
        CategoryChart chart = chart("Departments that hired more than the mean (" + mean + " per department), "
                + report.year(), "Department", "Employees hired");
        chart.getStyler().setOverlapped(true);
        if (report.rows().isEmpty()) {
            return empty(chart, report.departments() == 0 ? "No departments"
                    : "No department above the mean of " + mean);
        }
        List<String> departments = report.rows().stream().map(DepartmentHires::department).toList();
        List<Long> hired = report.rows().stream().map(DepartmentHires::hired).toList();
        CategorySeries bars = chart.addSeries("Hired in " + report.year(), departments, hired);
        bars.setFillColor(BAR_COLOR);
        CategorySeries line = chart.addSeries("Mean over all " + report.departments() + " departments: " + mean,
                departments, departments.stream().map(d -> report.mean()).toList());
        line.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        line.setLineColor(MEAN_COLOR);
        line.setLineStyle(new BasicStroke(3f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] { 12f, 6f }, 0f));
        line.setMarker(SeriesMarkers.NONE);
        chart.getStyler().setLabelsVisible(false);
        // Side by side, XChart leaves the dashed swatch a few pixels from the bar entry's text, so that it read
        // as part of it ("Hired in 2021 --- Mean ..."): one entry per line instead, the swatch clear of any text.
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
        chart.getStyler().setLegendSeriesLineLength(32);
        rotateIfLong(chart, departments);
        return chart;
    }

    public static byte[] png(CategoryChart chart) throws IOException {
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }

    public static byte[] svg(CategoryChart chart) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        return out.toByteArray();
    }

    private static CategoryChart chart(String title, String xTitle, String yTitle) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        Styler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderVisible(false);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 22));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setChartPadding(16);
        chart.getStyler().setAxisTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        chart.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisDecimalPattern("#,##0");
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        chart.getStyler().setAvailableSpaceFill(0.7);
        return chart;
    }

    // XChart cannot paint a chart without series: show one empty category that says why.
    private static CategoryChart empty(CategoryChart chart, String why) {
        chart.addSeries("No data", List.of(why), List.of(0));
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setLegendVisible(false);
        return chart;
    }

    // Slanted labels stop fitting side by side beyond a dozen categories: stand them upright instead.
    private static void rotateIfLong(CategoryChart chart, List<String> labels) {
        if (labels.size() > UPRIGHT_OVER_CATEGORIES) {
            chart.getStyler().setXAxisLabelRotation(90);
        } else if (labels.stream().anyMatch(l -> l.length() > ROTATE_OVER_CHARS) && labels.size() > 3) {
            chart.getStyler().setXAxisLabelRotation(35);
        }
    }
}
