package io.hireflow.api.history;

import io.hireflow.api.config.HireflowConfig;
import io.hireflow.api.dictionary.Table;
import io.hireflow.api.storage.FolderStorage;
import io.hireflow.api.storage.ObjectStorage;
import io.hireflow.api.storage.ObjectStorages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Where history files are (a folder, or a bucket) and which one is a table's. */
final class HistoryFiles {

    static final String SOURCE_SETTING = "hireflow.history.source";

    private HistoryFiles() {
    }

    /** {@code hireflow.history.source} (a folder, or {@code s3://bucket/prefix}), else the folder {@code hireflow.history.dir}. */
    static ObjectStorage source(HireflowConfig.History config, ObjectStorages storages) {
        Optional<String> source = config.source().map(String::strip).filter(s -> !s.isEmpty());
        if (source.isEmpty()) {
            return new FolderStorage(config.dir());
        }
        return ObjectStorages.isBucket(source.get()) ? storages.bucket(source.get(), SOURCE_SETTING)
                : new FolderStorage(Path.of(source.get()));
    }

    /**
     * {@code <table>.csv}, or the seed system's {@code history_<table>.csv}. Found by listing, so that a
     * bucket that is missing or refuses hireflow's credentials says so (a StorageException) rather than
     * looking empty.
     */
    static Optional<HistoryFile> find(ObjectStorage source, Table table) throws IOException {
        for (String name : new String[] {table.tableName() + ".csv", "history_" + table.tableName() + ".csv"}) {
            for (ObjectStorage.StoredObject object : source.list(name)) {
                if (object.key().equals(name)) {
                    return Optional.of(new HistoryFile(source, name, object.size(), object.version()));
                }
            }
        }
        return Optional.empty();
    }
}
