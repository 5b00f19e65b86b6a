package io.hireflow.api.security;

import io.hireflow.api.config.HireflowConfig;
import io.hireflow.api.digest.Sha256;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The accepted bearer tokens: SHA-256 hashes from configuration plus plain tokens from files.
 * Only hashes are kept in memory and compared, in constant time; no token ever reaches a log.
 * Token files are re-read when they change, so rotating a token needs no restart.
 */
@Startup
@ApplicationScoped
public class TokenStore {

    /** One accepted token hash and the role it grants. */
    private record Entry(byte[] hash, Role role) {
    }

    private static final long RECHECK_SECONDS = 2;
    private final HireflowConfig.Auth config;
    private final List<Entry> configured = new ArrayList<>();
    private final Map<Path, FileTime> fileTimes = new HashMap<>();
    private volatile List<Entry> entries = List.of();
    /** Looks at the token files off the request path: authentication runs on the event loop. */
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "token-files");
        thread.setDaemon(true);
        return thread;
    });

    TokenStore(HireflowConfig config) {
        this.config = config.auth();
        config.auth().tokens().forEach((role, hashes) -> {
            Role r = role(role, "hireflow.auth.tokens." + role);
            for (String hex : hashes) {
                if (!hex.isBlank()) {
                    configured.add(new Entry(parseHash(hex.trim(), role), r));
                }
            }
        });
        if (this.config.generateMissing()) {
            this.config.tokenFiles().forEach(TokenStore::generateIfMissing);
        }
        reload();
        watcher.scheduleWithFixedDelay(this::reloadIfFilesChanged, RECHECK_SECONDS, RECHECK_SECONDS, TimeUnit.SECONDS);
        if (this.config.enabled() && entries.isEmpty()) {
            Log.warn("No API token is configured: every request except health will get 401. Set "
                    + "hireflow.auth.tokens.<role> or hireflow.auth.token-files.<role>.");
        }
    }

    /** The role the token grants (the highest if it is listed under several), if any. */
    public Optional<Role> roleOf(String token) {
        byte[] presented = Sha256.of(token);
        Role best = null;
        // Every entry is compared, with a constant-time comparison, so timing says nothing about a near miss.
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.hash(), presented) && (best == null || entry.role().compareTo(best) > 0)) {
                best = entry.role();
            }
        }
        return Optional.ofNullable(best);
    }

    public boolean enabled() {
        return config.enabled();
    }

    @PreDestroy
    void stop() {
        watcher.shutdownNow();
    }

    private synchronized void reloadIfFilesChanged() {
        for (Path file : config.tokenFiles().values()) {
            if (!Objects.equals(fileTimes.get(file), modified(file))) {
                reload();
                return;
            }
        }
    }

    private synchronized void reload() {
        List<Entry> all = new ArrayList<>(configured);
        config.tokenFiles().forEach((role, file) -> {
            Role r = role(role, "hireflow.auth.token-files." + role);
            fileTimes.put(file, modified(file));
            if (!Files.isReadable(file)) {
                Log.warnf("Token file for role %s is missing or unreadable: %s", r.id(), file);
                return;
            }
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String token = line.strip();
                    if (!token.isEmpty() && !token.startsWith("#")) {
                        all.add(new Entry(Sha256.of(token), r));
                    }
                }
            } catch (IOException e) {
                Log.warnf("Cannot read the token file for role %s (%s): %s", r.id(), file, e.getMessage());
            }
        });
        entries = List.copyOf(all);
        Log.infof("API tokens loaded: %d (%s)", all.size(), summary(all));
    }

    private static String summary(List<Entry> all) {
        Map<Role, Integer> counts = new EnumMap<>(Role.class);
        all.forEach(e -> counts.merge(e.role(), 1, Integer::sum));
        return counts.toString();
    }

    private static void generateIfMissing(String role, Path file) {
        if (Files.exists(file)) {
            return;
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
            Files.writeString(file, "# hireflow " + role + " token, generated " + Instant.now() + "\n"
                    + token + "\n", StandardCharsets.UTF_8);
            Log.infof("Generated a new %s token in %s", role, file.toAbsolutePath());
        } catch (FileAlreadyExistsException e) {
            // another replica wrote it first; use theirs
        } catch (IOException e) {
            Log.warnf("Cannot create the %s token file %s: %s", role, file, e.getMessage());
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return null;
        }
    }

    private static Role role(String name, String key) {
        return Role.byId(name).orElseThrow(() -> new IllegalArgumentException(
                key + ": unknown role '" + name + "'; use reader, writer or admin"));
    }

    private static byte[] parseHash(String hex, String role) {
        if (!hex.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("hireflow.auth.tokens." + role
                    + " must list hex SHA-256 hashes (64 hex digits), not tokens; e.g. printf %s TOKEN | sha256sum");
        }
        return HexFormat.of().parseHex(hex);
    }
}
