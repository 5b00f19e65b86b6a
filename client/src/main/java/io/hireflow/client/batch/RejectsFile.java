package io.hireflow.client.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The local record of rows the API rejected: JSON lines of file, source line, batch, index in the
 * batch, the row as sent and every rule it broke. Created on the first reject, so a clean run leaves
 * no empty file behind.
 */
public final class RejectsFile implements Closeable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private BufferedWriter writer;
    private long count;

    public RejectsFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    public long count() {
        return count;
    }

    public void write(Path file, long line, int batch, int index, JsonNode row, JsonNode errors) {
        ObjectNode reject = JSON.createObjectNode();
        reject.put("file", file.toString());
        reject.put("line", line);
        reject.put("batch", batch);
        reject.put("index", index);
        reject.set("row", row);
        reject.set("errors", errors);
        try {
            if (writer == null) {
                Files.createDirectories(path.toAbsolutePath().getParent());
                writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
            }
            writer.write(JSON.writeValueAsString(reject));
            writer.newLine();
            count++;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the rejects file " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write the rejects file " + path + ": " + e.getMessage(), e);
            }
        }
    }
}
