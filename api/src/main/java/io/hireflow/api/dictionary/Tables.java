package io.hireflow.api.dictionary;

/** Resolves a table name from a request. */
public final class Tables {

    private Tables() {
    }

    /** @throws UnknownTableException when the dictionary has no such table */
    public static Table require(String name) {
        return Table.byName(name).orElseThrow(() -> new UnknownTableException(name));
    }
}
