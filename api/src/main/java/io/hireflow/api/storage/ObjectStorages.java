package io.hireflow.api.storage;

import io.hireflow.api.config.HireflowConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Builds the storages the configuration names: the backups' ({@code hireflow.backup.target}) and the
 * {@code s3://bucket/prefix} locations of history files, all over one S3 client (thread-safe, pooled).
 */
@ApplicationScoped
public class ObjectStorages {

    private final HireflowConfig config;
    private volatile S3Client client;
    private volatile ObjectStorage backups;

    ObjectStorages(HireflowConfig config) {
        this.config = config;
    }

    /** Where backups go. */
    public ObjectStorage backups() {
        if (backups == null) {
            synchronized (this) {
                if (backups == null) {
                    backups = switch (config.backup().target().toLowerCase(Locale.ROOT)) {
                        case "folder" -> new FolderStorage(config.backupsDir());
                        case "s3" -> new S3Storage(client(), config.backup().bucket().orElseThrow(
                                () -> new IllegalStateException("hireflow.backup.target=s3 needs hireflow.backup.bucket")),
                                config.backup().prefix().orElse(""), partSize(config.s3()));
                        default -> throw new IllegalStateException("hireflow.backup.target is '"
                                + config.backup().target() + "'; use folder or s3");
                    };
                }
            }
        }
        return backups;
    }

    /** True for a location that names a bucket ({@code s3://bucket/prefix}) rather than a folder. */
    public static boolean isBucket(String location) {
        return location != null && location.regionMatches(true, 0, "s3://", 0, 5);
    }

    /**
     * The storage of an {@code s3://bucket/prefix} location, over the configured object store.
     *
     * @param setting the setting that names the location, for messages
     */
    public S3Storage bucket(String location, String setting) {
        URI uri;
        try {
            uri = URI.create(location);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (!isBucket(location) || uri == null || uri.getHost() == null) {
            throw new IllegalStateException(setting + " is '" + location + "'; write a bucket as "
                    + "s3://bucket/prefix (a bucket name of lower-case letters, digits, dots and hyphens)");
        }
        return new S3Storage(client(), uri.getHost(), uri.getPath(), partSize(config.s3()), setting);
    }

    private S3Client client() {
        if (client == null) {
            synchronized (this) {
                if (client == null) {
                    client = client(config.s3());
                }
            }
        }
        return client;
    }

    /** A client for the store {@code s3} describes. */
    public static S3Client client(HireflowConfig.S3 s3) {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(s3.region()))
                .forcePathStyle(s3.pathStyle())
                .credentialsProvider(credentials(s3))
                // Only the checksums S3 requires: many S3-compatible stores reject the newer trailing
                // checksums, and every backup carries its own SHA-256, checked on every read.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        s3.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    static int partSize(HireflowConfig.S3 s3) {
        return Math.max(5, s3.partSizeMib()) << 20;
    }

    private static AwsCredentialsProvider credentials(HireflowConfig.S3 s3) {
        if (s3.accessKeyFile().isPresent() != s3.secretKeyFile().isPresent()) {
            throw new IllegalStateException("hireflow.s3.access-key-file and hireflow.s3.secret-key-file go together");
        }
        if (s3.accessKeyFile().isPresent()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(secret(s3.accessKeyFile().get()),
                    secret(s3.secretKeyFile().get())));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    private static String secret(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the secret file " + file, e);
        }
    }

    @PreDestroy
    void close() {
        if (client != null) {
            client.close();
        }
    }
}
