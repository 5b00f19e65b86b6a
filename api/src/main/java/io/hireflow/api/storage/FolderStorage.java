package io.hireflow.api.storage;

import io.quarkus.logging.Log;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Objects as files under a folder of the shared volume: written under a hidden temporary name
 * ({@code .<name>.tmp}), flushed to disk, then renamed into place, and the rename made durable.
 */
public final class FolderStorage implements ObjectStorage {

    private static final String TEMPORARY = ".tmp";

    private final Path root;

    public FolderStorage(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** The file of a key; keys are built by hireflow from checked ids, this refuses any that would leave the root. */
    public Path file(String key) {
        Path file = root.resolve(key).normalize();
        if (!file.startsWith(root) || file.equals(root)) {
            throw new IllegalArgumentException("key outside the storage: " + key);
        }
        return file;
    }

    /** Where {@code key} is written until it is complete: hidden, and not named like the object. */
    public Path temporaryFile(String key) {
        Path file = file(key);
        return file.resolveSibling("." + file.getFileName() + TEMPORARY);
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public Upload create(String key) throws IOException {
        Path target = file(key);
        Path temporary = temporaryFile(key);
        Files.createDirectories(target.getParent());
        FileOutputStream out = new FileOutputStream(temporary.toFile());
        return new Upload() {
            private boolean committed;
            private final OutputStream stream = new FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }
            };

            @Override
            public OutputStream stream() {
                return stream;
            }

            @Override
            public void commit() throws IOException {
                out.flush();
                out.getChannel().force(true); // the rename must only ever follow a flush
                out.close();
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
                syncDirectory(target.getParent());
                committed = true;
            }

            @Override
            public void close() throws IOException {
                out.close();
                if (!committed) {
                    Files.deleteIfExists(temporary);
                }
            }
        };
    }

    @Override
    public void put(String key, byte[] content) throws IOException {
        Path target = file(key);
        Files.createDirectories(target.getParent());
        Path temporary = target.resolveSibling("." + target.getFileName() + "."
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + TEMPORARY);
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE); OutputStream out = Channels.newOutputStream(channel)) {
                out.write(content);
                out.flush();
                channel.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(target.getParent());
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    @Override
    public Optional<byte[]> read(String key) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(file(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public InputStream open(String key, long offset) throws IOException {
        FileChannel channel = FileChannel.open(file(key), StandardOpenOption.READ);
        channel.position(offset);
        return Channels.newInputStream(channel);
    }

    @Override
    public InputStream open(String key, long offset, String version) throws IOException {
        InputStream in = open(key, offset);
        // Checked once the file is open: a file renamed into its place after this is not the one being read.
        Path file = file(key);
        if (version != null && !version.equals(version(Files.getLastModifiedTime(file).toInstant(), Files.size(file)))) {
            in.close();
            throw new ObjectChangedException(file.toString());
        }
        return in;
    }

    /** A file's modification time and size: a new file put in its place differs in at least one. */
    private static String version(Instant modified, long size) {
        return modified + "/" + size;
    }

    @Override
    public long size(String key) throws IOException {
        return Files.size(file(key));
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(file(key));
    }

    @Override
    public List<StoredObject> list(String prefix) throws IOException {
        Path dir = folderOf(prefix);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<StoredObject> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted(Comparator.comparing(Path::toString)).toList()) {
                String key = root.relativize(file).toString().replace('\\', '/');
                if (key.startsWith(prefix) && !file.getFileName().toString().startsWith(".")
                        && Files.isRegularFile(file)) {
                    try {
                        long size = Files.size(file);
                        Instant modified = Files.getLastModifiedTime(file).toInstant();
                        found.add(new StoredObject(key, size, modified, version(modified, size)));
                    } catch (NoSuchFileException e) {
                        // deleted meanwhile by another replica's retention: not there any more
                    }
                }
            }
        }
        return found;
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(file(key));
    }

    @Override
    public int sweep(String prefix, Instant before) throws IOException {
        Path dir = folderOf(prefix);
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int removed = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(".")
                    && f.getFileName().toString().endsWith(TEMPORARY)).toList()) {
                try {
                    if (Files.getLastModifiedTime(file).toInstant().isBefore(before) && Files.deleteIfExists(file)) {
                        removed++;
                        Log.infof("Removed %s, left by a write that did not finish", file.getFileName());
                    }
                } catch (NoSuchFileException e) {
                    // swept by another replica meanwhile
                }
            }
        }
        return removed;
    }

    /** The folder a key prefix lives in ({@code employees/employees-} lives in {@code employees}). */
    private Path folderOf(String prefix) {
        int slash = prefix.lastIndexOf('/');
        return slash < 0 ? root : file(prefix.substring(0, slash));
    }

    /** Makes renames in the folder durable (Linux: fsync on the directory). */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            Log.debugf("Cannot fsync folder %s: %s", dir, e.getMessage());
        }
    }
}
