package io.hireflow.api.report;

import java.util.List;

/** What a render wrote: the year, the deliverables folder and each file. */
public record RenderResult(int year, String directory, List<Deliverable> files) {
}
