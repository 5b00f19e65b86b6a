package io.hireflow.client.batch;

import java.nio.file.Path;

/**
 * One request's worth of rows, ready to send: the body in its media type and the source line of
 * each row, so what the API rejects can be traced back to the file.
 *
 * @param file the file the rows come from
 * @param number 1-based batch number within the file
 * @param lines {@code lines[i]} is the line in {@code file} where row {@code i} of the body starts
 */
public record Batch(Path file, int number, String contentType, String body, long[] lines) {

    public int size() {
        return lines.length;
    }

    /** The source line of row {@code index} of this batch, or 0 when the API names a row it was not sent. */
    public long line(int index) {
        return index >= 0 && index < lines.length ? lines[index] : 0;
    }

    public long firstLine() {
        return lines.length == 0 ? 0 : lines[0];
    }

    public long lastLine() {
        return lines.length == 0 ? 0 : lines[lines.length - 1];
    }
}
