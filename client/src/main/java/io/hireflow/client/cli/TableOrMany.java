package io.hireflow.client.cli;

/**
 * The choice {@code backup} and {@code restore} share: one TABLE, or many tables at once ({@code backup --all},
 * {@code restore --set ID}). Exactly one of the two; checked before anything is sent.
 */
final class TableOrMany {

    private TableOrMany() {
    }

    /** @return whether the many-tables form was chosen */
    static boolean require(String table, boolean many, String manyOption) {
        if (many == (table != null)) {
            throw CommandException.error("Name a TABLE or give " + manyOption + ", not both or neither");
        }
        return many;
    }
}
