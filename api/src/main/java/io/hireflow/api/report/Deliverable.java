package io.hireflow.api.report;

/** One rendered file in the deliverables folder, and where the API serves it. */
public record Deliverable(String name, long bytes, String url) {
}
