package io.hireflow.api.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hireflow.api.dictionary.Table;
import io.hireflow.api.failure.InvalidRequestException;
import io.hireflow.api.failure.NotFoundException;
import io.hireflow.api.storage.ObjectStorage;
import io.hireflow.api.storage.ObjectStorages;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The catalogue of backups, kept in the configured {@link ObjectStorage} (a folder of the shared volume or
 * an S3 bucket): {@code <table>/<table>-<id>.avro} with its {@code .avro.sha256} (sha256sum format) and
 * {@code .avro.json} metadata, and {@code sets/<setId>.json}.
 *
 * <p>A backup exists once its metadata exists: the data object is committed first (complete or
 * invisible), then its checksum, then the metadata last; deleting goes the other way round. So a crash
 * at any point never leaves a listed backup without its file or checksum, and what it leaves (a
 * temporary file, an unfinished upload, a data object without metadata) is swept once it is old. Every
 * step is one atomic storage operation, so the catalogue is the same for every API replica.
 */
@ApplicationScoped
public class BackupStore {

    /** A temporary file or upload untouched this long belongs to a backup that died. */
    static final Duration ABANDONED_AFTER = Duration.ofHours(1);
    /** Ids are timestamps plus a random suffix; anything else (such as {@code ../../etc/passwd}) is refused. */
    static final Pattern ID = Pattern.compile("\\d{8}T\\d{9}Z-[0-9a-f]{4}");
    static final String LATEST = "latest";
    private static final String DATA = ".avro";
    private static final String CHECKSUM = ".avro.sha256";
    private static final String METADATA = ".avro.json";
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final ObjectStorage storage;
    private final ObjectMapper json;

    @Inject
    BackupStore(ObjectStorages storages, ObjectMapper json) {
        this(storages.backups(), json);
    }

    /** A catalogue over any storage (tests use several, as several replicas would). */
    public BackupStore(ObjectStorage storage, ObjectMapper json) {
        this.storage = storage;
        this.json = json;
    }

    public ObjectStorage storage() {
        return storage;
    }

    /** A fresh id for a backup (or set) taken at {@code time}; unique because of the random suffix and the check. */
    public String newId(Instant time) {
        while (true) {
            String id = ID_TIME.format(time) + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
            boolean taken = exists(setKey(id)) || Stream.of(Table.values()).anyMatch(t -> exists(dataKey(t, id)));
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

    private static String tablePrefix(Table table) {
        return table.tableName() + "/" + table.tableName() + "-";
    }

    /** The key of a backup's Avro file, also its {@code file} in the metadata. */
    public String dataKey(Table table, String id) {
        return tablePrefix(table) + id + DATA;
    }

    String checksumKey(Table table, String id) {
        return tablePrefix(table) + id + CHECKSUM;
    }

    String metadataKey(Table table, String id) {
        return tablePrefix(table) + id + METADATA;
    }

    String setKey(String setId) {
        return "sets/" + setId + ".json";
    }

    /** Starts writing a backup's Avro file: invisible until {@link #commit}, removed if closed without it. */
    public ObjectStorage.Upload create(Table table, String id) throws IOException {
        return storage.create(dataKey(table, id));
    }

    /** Streams a backup's Avro file from {@code offset} on. */
    public InputStream open(Table table, String id, long offset) throws IOException {
        return storage.open(dataKey(table, id), offset);
    }

    /** Backups of a table, newest first. */
    public List<BackupMetadata> list(Table table) {
        List<BackupMetadata> found = new ArrayList<>();
        for (String id : ids(table, METADATA)) {
            readMetadata(table, id).ifPresent(found::add);
        }
        found.sort(Comparator.comparing(BackupMetadata::createdAt).thenComparing(BackupMetadata::id).reversed());
        return found;
    }

    /** Ids of the table's objects whose key ends with {@code suffix}. */
    private Set<String> ids(Table table, String suffix) {
        String prefix = tablePrefix(table);
        try {
            return storage.list(prefix).stream().map(ObjectStorage.StoredObject::key)
                    .filter(k -> k.endsWith(suffix))
                    .map(k -> k.substring(prefix.length(), k.length() - suffix.length()))
                    .filter(id -> ID.matcher(id).matches())
                    .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<BackupMetadata> find(Table table, String id) {
        requireValidId(id, "backup");
        return readMetadata(table, id);
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

    /** The checksum stored beside the file, or {@code null} when it is gone. */
    String storedChecksum(Table table, String id) {
        try {
            return storage.read(checksumKey(table, id)).map(bytes -> {
                String line = new String(bytes, StandardCharsets.UTF_8).trim();
                int space = line.indexOf(' ');
                return space < 0 ? line : line.substring(0, space);
            }).orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Puts a finished backup in place: the Avro file, then its checksum, then its metadata, which makes it exist. */
    public void commit(ObjectStorage.Upload data, BackupMetadata metadata) throws IOException {
        Table table = Table.byName(metadata.table()).orElseThrow();
        String id = metadata.id();
        data.commit();
        String name = dataKey(table, id).substring(table.tableName().length() + 1);
        storage.put(checksumKey(table, id), (metadata.sha256() + "  " + name + "\n").getBytes(StandardCharsets.UTF_8));
        storage.put(metadataKey(table, id), json.writerWithDefaultPrettyPrinter().writeValueAsBytes(metadata));
    }

    /** Deletes a backup (see {@link #delete(Table, String)}). */
    void delete(BackupMetadata backup) {
        delete(Table.byName(backup.table()).orElseThrow(), backup.id());
    }

    /** Deletes a backup, metadata first so that it stops existing before its file and checksum go. */
    void delete(Table table, String id) {
        try {
            storage.delete(metadataKey(table, id));
            storage.delete(checksumKey(table, id));
            storage.delete(dataKey(table, id));
        } catch (IOException | RuntimeException e) {
            Log.warnf("Could not delete backup %s of %s: %s", id, table, e.getMessage());
        }
    }

    /** Keeps the newest {@code keep} backups of the table; returns the ids deleted. */
    public List<String> prune(Table table, int keep) {
        sweepAbandoned(table);
        List<BackupMetadata> all = list(table);
        List<String> deleted = new ArrayList<>();
        for (BackupMetadata old : all.subList(Math.min(keep, all.size()), all.size())) {
            delete(table, old.id());
            deleted.add(old.id());
        }
        if (!deleted.isEmpty()) {
            Log.infof("Retention deleted %d old backup(s) of %s: %s", deleted.size(), table, deleted);
            listSets().stream().filter(set -> !Boolean.TRUE.equals(set.complete()))
                    .forEach(set -> deleteQuietly(setKey(set.setId())));
        }
        return deleted;
    }

    /**
     * Removes what crashed backups left behind (never listed, but they take space): temporary files and
     * unfinished uploads, and files or checksums whose metadata never came. Only old ones: a younger one
     * may be a backup another replica is writing right now.
     */
    public void sweepAbandoned(Table table) {
        Instant cutoff = Instant.now().minus(ABANDONED_AFTER);
        try {
            storage.sweep(tablePrefix(table), cutoff);
            Set<String> complete = ids(table, METADATA);
            for (ObjectStorage.StoredObject object : storage.list(tablePrefix(table))) {
                String key = object.key();
                String id = key.endsWith(CHECKSUM) ? key.substring(tablePrefix(table).length(),
                        key.length() - CHECKSUM.length())
                        : key.endsWith(DATA) ? key.substring(tablePrefix(table).length(), key.length() - DATA.length())
                                : null;
                if (id != null && !complete.contains(id) && object.modified().isBefore(cutoff)
                        && !exists(metadataKey(table, id))) {
                    storage.delete(key);
                    Log.infof("Removed %s, left by a backup that did not finish", key);
                }
            }
        } catch (IOException | RuntimeException e) {
            Log.warnf("Could not sweep the leftovers of %s backups in %s: %s", table, storage.location(),
                    e.getMessage());
        }
    }

    void writeSet(BackupSet set) throws IOException {
        storage.put(setKey(set.setId()), json.writerWithDefaultPrettyPrinter()
                .writeValueAsBytes(new BackupSet(set.setId(), set.createdAt(), set.backups(), null)));
    }

    /** Backup sets, newest first, each saying whether all its members are still there. */
    public List<BackupSet> listSets() {
        try {
            return storage.list("sets/").stream().map(ObjectStorage.StoredObject::key)
                    .filter(k -> k.endsWith(".json"))
                    .map(k -> k.substring("sets/".length(), k.length() - ".json".length()))
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
        try {
            Optional<byte[]> content = storage.read(setKey(setId));
            if (content.isEmpty()) {
                return Optional.empty();
            }
            BackupSet set = json.readValue(content.get(), BackupSet.class);
            boolean complete = set.backups().stream().allMatch(b -> Table.byName(b.table())
                    .map(t -> exists(metadataKey(t, b.id()))).orElse(false));
            return Optional.of(new BackupSet(set.setId(), set.createdAt(), set.backups(), complete));
        } catch (IOException e) {
            Log.warnf("Unreadable backup set %s in %s: %s", setId, storage.location(), e.getMessage());
            return Optional.empty();
        }
    }

    private Optional<BackupMetadata> readMetadata(Table table, String id) {
        try {
            Optional<byte[]> content = storage.read(metadataKey(table, id));
            return content.isEmpty() ? Optional.empty()
                    : Optional.of(json.readValue(content.get(), BackupMetadata.class));
        } catch (IOException e) {
            // The metadata is there but not readable: not a usable backup.
            Log.warnf("Backup %s of %s has no readable metadata (%s); ignoring it", id, table, e.getMessage());
            return Optional.empty();
        }
    }

    private boolean exists(String key) {
        try {
            return storage.exists(key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void deleteQuietly(String key) {
        try {
            storage.delete(key);
        } catch (IOException | RuntimeException e) {
            Log.debugf("Could not delete %s: %s", key, e.getMessage());
        }
    }
}
