package io.hireflow.api.support;

import io.hireflow.api.storage.S3Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-protocol server for tests: s3proxy (Maven Central, copied to target/s3proxy by the build) run
 * as its own process on a free port of 18500–18549, storing objects in a temporary folder. {@link #close()}
 * ends that process and deletes the folder.
 */
public final class S3Server implements AutoCloseable {

    public static final String ACCESS_KEY = "hireflow-test";
    public static final String SECRET_KEY = "hireflow-test-secret";

    private final Process process;
    private final Path folder;
    private final int port;

    private S3Server(Process process, Path folder, int port) {
        this.process = process;
        this.folder = folder;
        this.port = port;
    }

    /** Why s3proxy cannot run here, or null when it can. */
    public static String unavailableReason() {
        String jar = System.getProperty("s3proxy.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            return "Skipped: s3proxy.jar not found (system property s3proxy.jar, copied by the build into "
                    + "api/target/s3proxy; run through Maven)";
        }
        return null;
    }

    public static S3Server start() throws IOException, InterruptedException {
        int port = freePort();
        Path folder = Files.createTempDirectory("hireflow-s3proxy-");
        Path data = Files.createDirectories(folder.resolve("data"));
        Path properties = folder.resolve("s3proxy.properties");
        Files.writeString(properties, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem-nio2",
                "jclouds.identity=unused",
                "jclouds.credential=unused",
                "jclouds.filesystem.basedir=" + data, ""));
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", System.getProperty("s3proxy.jar"), "--properties", properties.toString())
                .redirectErrorStream(true).redirectOutput(folder.resolve("s3proxy.log").toFile()).start();
        S3Server server = new S3Server(process, folder, port);
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2)); // ~14 s on the loaded 2-core machine
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return server;
            } catch (IOException notYet) {
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    String log = Files.readString(folder.resolve("s3proxy.log"));
                    server.close();
                    throw new IllegalStateException("s3proxy did not start on port " + port + ": " + log);
                }
                Thread.sleep(200);
            }
        }
    }

    /** A port of this helper's range (18500–18549) that nothing listens on. */
    public static int freePort() {
        for (int port = 18500 + (int) (ProcessHandle.current().pid() % 25); port < 18550; port++) {
            try (ServerSocket probe = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // try the next one
            }
        }
        throw new IllegalStateException("no free port in 18500-18549");
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Where the server keeps its objects: what a test inspects to prove nothing is left. */
    public Path dataFolder() {
        return folder.resolve("data");
    }

    /** A client with the server's credentials (or others, to be refused). */
    public S3Client client(String accessKey, String secretKey) {
        return client(endpoint(), accessKey, secretKey);
    }

    /** A client with the server's credentials that reaches it at {@code endpoint} (a proxy in front of it). */
    public S3Client client(URI endpoint) {
        return client(endpoint, ACCESS_KEY, SECRET_KEY);
    }

    private static S3Client client(URI endpoint, String accessKey, String secretKey) {
        return S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    public S3Client client() {
        return client(ACCESS_KEY, SECRET_KEY);
    }

    public S3Storage storage(S3Client client, String bucket, String prefix) {
        return new S3Storage(client, bucket, prefix, 5 << 20);
    }

    public void createBucket(String bucket) {
        try (S3Client client = client()) {
            client.createBucket(b -> b.bucket(bucket));
        }
    }

    /** Every file the server holds under the bucket's folder (objects, parts of unfinished uploads). */
    public List<Path> files(String bucket) {
        Path dir = dataFolder().resolve(bucket);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder: the system cleans it eventually
        }
    }
}
