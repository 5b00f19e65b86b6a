package io.hireflow.api.history;

import io.hireflow.api.dictionary.Table;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/** Finds a table's history file in the configured folder and fingerprints it. */
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

    /** SHA-256 of the file's bytes, streamed: the manifest knows a file by this. */
    static String sha256(Path file) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
