package io.hireflow.api.report;

import io.hireflow.api.config.HireflowConfig;
import io.hireflow.api.failure.InvalidRequestException;
import io.hireflow.api.failure.NotFoundException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The deliverables folder on the shared volume: writes a whole set of files so a reader never sees a
 * half-written one, and hands out only plain files that sit directly in the folder.
 */
@ApplicationScoped
public class Deliverables {

    public static final String URL_PREFIX = "/reports/deliverables/";

    // A plain file name: no separators, no leading dot (so no "..", no hidden temp folders).
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Map<String, String> MEDIA_TYPES = Map.of(
            "csv", "text/csv; charset=utf-8",
            "png", "image/png",
            "svg", "image/svg+xml",
            "html", "text/html; charset=utf-8");

    private final Path directory;

    Deliverables(HireflowConfig config) {
        this.directory = config.deliverablesDir().toAbsolutePath().normalize();
    }

    public Path directory() {
        return directory;
    }

    /**
     * Writes every file to a temporary folder beside the deliverables, then renames each into place: a file
     * is either the old one or the complete new one. If writing fails, nothing in the folder changes.
     */
    public List<Deliverable> publish(Map<String, byte[]> files) throws IOException {
        Files.createDirectories(directory);
        Path staging = directory.resolve(".render-" + UUID.randomUUID());
        Files.createDirectory(staging);
        try {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Files.write(staging.resolve(requireName(file.getKey())), file.getValue());
            }
            List<Deliverable> written = new ArrayList<>();
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                move(staging.resolve(file.getKey()), directory.resolve(file.getKey()));
                written.add(new Deliverable(file.getKey(), file.getValue().length, URL_PREFIX + file.getKey()));
            }
            return written;
        } finally {
            deleteTree(staging);
        }
    }

    /** The file called {@code name} in the folder, or a 404 problem; anything but a plain name is refused. */
    public Path find(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidRequestException("invalid-deliverable-name", "Invalid file name",
                    "Ask for a deliverable by its plain file name, e.g. index.html; paths are not allowed");
        }
        Path file = directory.resolve(name).normalize();
        if (!directory.equals(file.getParent()) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new NotFoundException("deliverable-not-found", "Deliverable not found",
                    "No deliverable called '" + name + "'; POST /reports/render?year=... writes them")
                    .with("available", list());
        }
        return file;
    }

    public static String mediaType(String name) {
        String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(java.util.Locale.ROOT);
        return MEDIA_TYPES.getOrDefault(extension, "application/octet-stream");
    }

    /** Names of the plain files now in the folder. */
    public List<String> list() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                    .map(f -> f.getFileName().toString()).filter(n -> NAME.matcher(n).matches()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String requireName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain file name: " + name);
        }
        return name;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Same folder, same file system: only exotic mounts get here; a plain replace is the best left.
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
