package io.hireflow.client.output;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table with aligned columns; numbers are right-aligned so they can be compared at a glance. */
public final class TextTable {

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    public TextTable(String... headers) {
        this.headers = List.of(headers);
    }

    public TextTable row(Object... cells) {
        List<String> row = new ArrayList<>(cells.length);
        for (Object cell : cells) {
            row.add(cell == null ? "" : String.valueOf(cell).replaceAll("[\\r\\n]+", " "));
        }
        rows.add(row);
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    public String render() {
        int[] widths = new int[headers.size()];
        boolean[] numeric = new boolean[headers.size()];
        for (int c = 0; c < headers.size(); c++) {
            widths[c] = headers.get(c).length();
            numeric[c] = !rows.isEmpty();
        }
        for (List<String> row : rows) {
            for (int c = 0; c < widths.length && c < row.size(); c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
                numeric[c] &= row.get(c).isEmpty() || row.get(c).matches("-?[0-9][0-9,.]*( ?[a-zA-Z/%]+)?");
            }
        }
        StringBuilder text = new StringBuilder();
        line(text, headers, widths, numeric);
        List<String> rule = new ArrayList<>();
        for (int width : widths) {
            rule.add("-".repeat(width));
        }
        line(text, rule, widths, new boolean[widths.length]);
        for (List<String> row : rows) {
            line(text, row, widths, numeric);
        }
        return text.toString();
    }

    private static void line(StringBuilder text, List<String> cells, int[] widths, boolean[] numeric) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < widths.length; c++) {
            String cell = c < cells.size() ? cells.get(c) : "";
            String pad = " ".repeat(widths[c] - cell.length());
            line.append(c == 0 ? "" : "  ").append(numeric[c] ? pad + cell : cell + pad);
        }
        text.append(line.toString().stripTrailing()).append(System.lineSeparator());
    }
}
