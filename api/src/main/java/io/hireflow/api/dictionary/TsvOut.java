package io.hireflow.api.dictionary;

import java.time.Instant;

/**
 * Where {@link ColumnType} writes a value's {@code LOAD DATA} text: the type picks the form, the
 * writer (database.TsvBytes) the bytes and their escapes.
 */
public interface TsvOut {

    void integer(int value);

    /** Text, escaped so that LOAD DATA reads it back unchanged. */
    void text(String value);

    /** An instant as a DATETIME literal. */
    void dateTime(Instant value);

    /** The canonical text {@code 2021-07-27T16:02:08Z} as the DATETIME literal {@code 2021-07-27 16:02:08}. */
    void dateTime(String iso);
}
