package io.hireflow.api.history;

import io.hireflow.api.dictionary.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds a table's history file in the configured folder. */
final class HistoryFiles {

    private HistoryFiles() {
    }

    /** {@code <table>.csv}, or the seed system's {@code history_<table>.csv}. */
    static Optional<Path> find(Path folder, Table table) {
        for (String name : new String[] {table.tableName() + ".csv", "history_" + table.tableName() + ".csv"}) {
            Path file = folder.resolve(name);
            if (Files.isRegularFile(file)) {
                return Optional.of(file);
            }
        }
        return Optional.empty();
    }
}
