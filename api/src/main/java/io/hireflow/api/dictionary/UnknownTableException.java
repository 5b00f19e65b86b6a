package io.hireflow.api.dictionary;

import java.util.List;

/** A request named a table the dictionary does not declare; the edge answers 404 with the tables there are. */
public class UnknownTableException extends RuntimeException {

    private final String name;

    public UnknownTableException(String name) {
        super("There is no table '" + name + "'; the tables are " + String.join(", ", Table.names()));
        this.name = name;
    }

    public String name() {
        return name;
    }

    public List<String> knownTables() {
        return Table.names();
    }
}
