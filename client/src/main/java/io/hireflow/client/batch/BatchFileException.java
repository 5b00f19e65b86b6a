package io.hireflow.client.batch;

/** A file of rows that cannot be read or split: missing, unreadable, or not CSV/JSON where it should be. */
public class BatchFileException extends RuntimeException {

    public BatchFileException(String message) {
        super(message);
    }
}
