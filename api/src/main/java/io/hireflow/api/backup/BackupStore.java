package io.hireflow.api.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hireflow.api.config.HireflowConfig;
import io.hireflow.api.dictionary.Table;
import io.hireflow.api.failure.InvalidRequestException;
import io.hireflow.api.failure.NotFoundException;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The backups folder on the shared volume: {@code <table>/<table>-<id>.avro} with its
 * {@code .avro.sha256} (sha256sum format) and {@code .json} metadata sidecars, and {@code sets/<setId>.json}.
 *
 * <p>A backup exists once its .avro file has its final name: the sidecars are renamed into place
 * first and the .avro file last, so a crash never leaves a complete-looking backup without its checksum.
 * Being files on the shared volume, the catalogue is the same for every API replica.
 */
@ApplicationScoped
public class BackupStore {

    /** A temporary file untouched this long belongs to a backup that died. */
    static final Duration ABANDONED_AFTER = Duration.ofHours(1);
    /** Ids are timestamps plus a random suffix; anything else (such as {@code ../../etc/passwd}) is refused. */
    static final Pattern ID = Pattern.compile("\\d{8}T\\d{9}Z-[0-9a-f]{4}");
    static final String LATEST = "latest";
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final Path root;
    private final ObjectMapper json;

    BackupStore(HireflowConfig config, ObjectMapper json) {
        this.root = config.backupsDir();
        this.json = json;
    }

    public Path root() {
        return root;
    }

    /** A fresh id for a backup (or set) taken at {@code time}; unique because of the random suffix and the check. */
    public String newId(Instant time) {
        while (true) {
            String id = ID_TIME.format(time) + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
            boolean taken = Files.exists(setFile(id))
                    || Stream.of(Table.values()).anyMatch(t -> Files.exists(avroFile(t, id)));
            if (!taken) {
                return id;
            }
        }
    }

    /** Answers 400 for an id that is not one of ours: it is never used to build a path. */
    public static String requireValidId(String id, String what) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new InvalidRequestException("invalid-backup-id", "Invalid " + what + " id",
                    "'" + id + "' is not a " + what + " id; ids look like 20261121T090455123Z-3f9a"
                            + (what.equals("backup") ? " (or use \"latest\")" : ""));
        }
        return id;
    }

    public Path tableDir(Table table) {
        return root.resolve(table.tableName());
    }

    public Path avroFile(Table table, String id) {
        return tableDir(table).resolve(table.tableName() + "-" + id + ".avro");
    }

    Path checksumFile(Table table, String id) {
        return sidecar(avroFile(table, id), ".sha256");
    }

    Path metadataFile(Table table, String id) {
        return sidecar(avroFile(table, id), ".json");
    }

    private static Path sidecar(Path avro, String suffix) {
        return avro.resolveSibling(avro.getFileName() + suffix);
    }

    /** Where a backup is written until it is complete: hidden, and not named like a backup. */
    Path temporaryFile(Table table, String id) {
        return tableDir(table).resolve("." + table.tableName() + "-" + id + ".avro.tmp");
    }

    /** Backups of a table, newest first. */
    public List<BackupMetadata> list(Table table) {
        Path dir = tableDir(table);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<BackupMetadata> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".avro")).toList()) {
                String name = file.getFileName().toString();
                String id = name.substring(table.tableName().length() + 1, name.length() - ".avro".length());
                if (ID.matcher(id).matches()) {
                    readMetadata(table, id).ifPresent(found::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        found.sort(Comparator.comparing(BackupMetadata::createdAt).thenComparing(BackupMetadata::id).reversed());
        return found;
    }

    public Optional<BackupMetadata> find(Table table, String id) {
        requireValidId(id, "backup");
        return Files.exists(avroFile(table, id)) ? readMetadata(table, id) : Optional.empty();
    }

    /** The backup named by {@code ref} ({@code latest} or an id), or a 404 problem saying what there is. */
    public BackupMetadata require(Table table, String ref) {
        if (LATEST.equals(ref)) {
            return list(table).stream().findFirst().orElseThrow(() -> new NotFoundException("no-backup",
                    "No backup yet", "There is no backup of " + table + " yet; take one with POST /tables/" + table
                            + "/backups"));
        }
        return find(table, ref).orElseThrow(() -> new NotFoundException("unknown-backup", "Unknown backup",
                "There is no backup '" + ref + "' of " + table + "; GET /tables/" + table + "/backups lists them"));
    }

    /** The checksum stored beside the file, or {@code null} when the sidecar is gone. */
    String storedChecksum(Table table, String id) {
        try {
            String line = Files.readString(checksumFile(table, id), StandardCharsets.UTF_8).trim();
            int space = line.indexOf(' ');
            return space < 0 ? line : line.substring(0, space);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Puts a finished temporary file in place: sidecars first, the .avro file last, each flushed and renamed. */
    void commit(Path temporary, BackupMetadata metadata) throws IOException {
        Table table = Table.byName(metadata.table()).orElseThrow();
        Path avro = avroFile(table, metadata.id());
        writeAtomically(checksumFile(table, metadata.id()),
                (metadata.sha256() + "  " + avro.getFileName() + "\n").getBytes(StandardCharsets.UTF_8));
        writeAtomically(metadataFile(table, metadata.id()), json.writerWithDefaultPrettyPrinter().writeValueAsBytes(metadata));
        Files.move(temporary, avro, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(avro.getParent());
    }

    /** Deletes a backup (see {@link #delete(Table, String)}). */
    void delete(BackupMetadata backup) {
        delete(Table.byName(backup.table()).orElseThrow(), backup.id());
    }

    /** Deletes a backup, .avro file first so that it stops existing before its sidecars go. */
    void delete(Table table, String id) {
        try {
            Files.deleteIfExists(avroFile(table, id));
            Files.deleteIfExists(checksumFile(table, id));
            Files.deleteIfExists(metadataFile(table, id));
        } catch (IOException e) {
            Log.warnf("Could not delete backup %s of %s: %s", id, table, e.getMessage());
        }
    }

    /** Keeps the newest {@code keep} backups of the table; returns the ids deleted. */
    List<String> prune(Table table, int keep) {
        sweepAbandoned(table);
        List<BackupMetadata> all = list(table);
        List<String> deleted = new ArrayList<>();
        for (BackupMetadata old : all.subList(Math.min(keep, all.size()), all.size())) {
            delete(table, old.id());
            deleted.add(old.id());
        }
        if (!deleted.isEmpty()) {
            Log.infof("Retention deleted %d old backup(s) of %s: %s", deleted.size(), table, deleted);
            listSets().stream()
                    .filter(set -> set.backups().stream().noneMatch(b -> Files.exists(root.resolve(b.file()))))
                    .forEach(set -> deleteQuietly(setFile(set.setId())));
        }
        return deleted;
    }

    /**
     * Removes temporary files a crashed backup left behind (never listed, but they take space). Only
     * old ones: a younger one may be a backup another replica is writing right now.
     */
    void sweepAbandoned(Table table) {
        Path dir = tableDir(table);
        if (!Files.isDirectory(dir)) {
            return;
        }
        Instant cutoff = Instant.now().minus(ABANDONED_AFTER);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(".")
                    && f.getFileName().toString().endsWith(".tmp")).toList()) {
                if (Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
                    deleteQuietly(file);
                    Log.infof("Removed %s, left by a backup that did not finish", file.getFileName());
                }
            }
        } catch (IOException e) {
            Log.debugf("Could not sweep %s: %s", dir, e.getMessage());
        }
    }

    Path setFile(String setId) {
        return root.resolve("sets").resolve(setId + ".json");
    }

    void writeSet(BackupSet set) throws IOException {
        writeAtomically(setFile(set.setId()), json.writerWithDefaultPrettyPrinter()
                .writeValueAsBytes(new BackupSet(set.setId(), set.createdAt(), set.backups(), null)));
    }

    /** Backup sets, newest first, each saying whether all its members are still there. */
    public List<BackupSet> listSets() {
        Path dir = root.resolve("sets");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - ".json".length()))
                    .filter(id -> ID.matcher(id).matches())
                    .map(this::readSet).flatMap(Optional::stream)
                    .sorted(Comparator.comparing(BackupSet::setId).reversed())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public BackupSet requireSet(String setId) {
        requireValidId(setId, "backup set");
        return readSet(setId).orElseThrow(() -> new NotFoundException("unknown-backup-set", "Unknown backup set",
                "There is no backup set '" + setId + "'; GET /backups lists them"));
    }

    private Optional<BackupSet> readSet(String setId) {
        Path file = setFile(setId);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            BackupSet set = json.readValue(file.toFile(), BackupSet.class);
            boolean complete = set.backups().stream().allMatch(b -> Files.exists(root.resolve(b.file())));
            return Optional.of(new BackupSet(set.setId(), set.createdAt(), set.backups(), complete));
        } catch (IOException e) {
            Log.warnf("Unreadable backup set file %s: %s", file, e.getMessage());
            return Optional.empty();
        }
    }

    private Optional<BackupMetadata> readMetadata(Table table, String id) {
        Path file = metadataFile(table, id);
        try {
            return Optional.of(json.readValue(file.toFile(), BackupMetadata.class));
        } catch (IOException e) {
            // The .avro is there but its metadata is not readable: not a usable backup.
            Log.warnf("Backup %s of %s has no readable metadata (%s); ignoring it", id, table, e.getMessage());
            return Optional.empty();
        }
    }

    /** Writes a small file under a temporary name, flushes it to disk, then renames it into place. */
    static void writeAtomically(Path target, byte[] content) throws IOException {
        Files.createDirectories(target.getParent());
        Path temporary = target.resolveSibling("." + target.getFileName() + "." + HexFormat.of()
                .toHexDigits(ThreadLocalRandom.current().nextInt()) + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE); OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
                out.write(content);
                out.flush();
                channel.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Makes renames in the folder durable (Linux: fsync on the directory). */
    static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            Log.debugf("Cannot fsync folder %s: %s", dir, e.getMessage());
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            Log.debugf("Could not delete %s: %s", file, e.getMessage());
        }
    }
}
