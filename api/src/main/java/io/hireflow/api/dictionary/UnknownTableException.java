package io.hireflow.api.dictionary;

import io.hireflow.api.failure.NotFoundException;

/** A request named a table the dictionary does not declare; the answer lists the tables there are. */
public class UnknownTableException extends NotFoundException {

    public UnknownTableException(String name) {
        super("unknown-table", "Unknown table",
                "There is no table '" + name + "'; the tables are " + String.join(", ", Table.names()));
        with("knownTables", Table.names());
    }
}
