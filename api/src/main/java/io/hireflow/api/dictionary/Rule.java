package io.hireflow.api.dictionary;

import com.fasterxml.jackson.annotation.JsonValue;

/** The fixed set of rule codes a rejected row can break; rejects logs and metrics use these codes. */
public enum Rule {
    /** The field is missing or empty. */
    REQUIRED("required"),
    /** The field is not a whole number that fits in 32 bits. */
    INTEGER("integer"),
    /** An id must be greater than zero. */
    POSITIVE("positive"),
    /** Text must contain something other than white space. */
    NOT_BLANK("not_blank"),
    /** Text is longer than the column allows. */
    MAX_LENGTH("max_length"),
    /** Not a strict ISO-8601 UTC instant such as {@code 2021-07-27T16:02:08Z}. */
    ISO_INSTANT("iso_instant"),
    /** The id is already in the table, or repeated earlier in the same batch or file. */
    UNIQUE("unique"),
    /** A referenced id does not exist in its parent table. */
    EXISTS("exists"),
    /** A CSV row has the wrong number of columns. */
    COLUMN_COUNT("column_count"),
    /** A JSON row is not an object, or has a field the table does not have. */
    SHAPE("shape");

    private final String code;

    Rule(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }
}
