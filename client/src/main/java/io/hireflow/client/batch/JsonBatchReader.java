package io.hireflow.client.batch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.NoSuchElementException;

/**
 * Splits a file holding one JSON array of row objects into {@code application/json} batches, streaming
 * the array element by element and remembering the line where each element starts.
 */
final class JsonBatchReader implements BatchReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final int batchSize;
    private final JsonParser parser;
    private JsonToken current;
    private int number;

    JsonBatchReader(Path file, int batchSize) {
        this.file = file;
        this.batchSize = batchSize;
        try {
            this.parser = JsonFactory.builder().build().setCodec(JSON).createParser(file.toFile());
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new BatchFileException(file + " is not a JSON array of rows; it must start with '['");
            }
            current = parser.nextToken();
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new BatchFileException("No such file: " + file);
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    @Override
    public boolean hasNext() {
        return current != null && current != JsonToken.END_ARRAY;
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ArrayNode rows = JSON.createArrayNode();
        long[] lines = new long[batchSize];
        try {
            while (rows.size() < batchSize && hasNext()) {
                lines[rows.size()] = parser.currentTokenLocation().getLineNr();
                JsonNode row = parser.readValueAsTree();
                rows.add(row);
                current = parser.nextToken();
            }
            if (current == null) {
                throw new BatchFileException(file + " is not valid JSON: the array is not closed with ']'");
            }
            return new Batch(file, ++number, "application/json", JSON.writeValueAsString(rows),
                    Arrays.copyOf(lines, rows.size()));
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            // read-only file: nothing to lose
        }
    }

    private BatchFileException malformed(IOException e) {
        String where = e instanceof com.fasterxml.jackson.core.JsonProcessingException p && p.getLocation() != null
                ? " at line " + p.getLocation().getLineNr() : "";
        String message = e instanceof com.fasterxml.jackson.core.JsonProcessingException p ? p.getOriginalMessage()
                : e.getMessage();
        return new BatchFileException(file + " is not valid JSON" + where + ": " + message);
    }
}
