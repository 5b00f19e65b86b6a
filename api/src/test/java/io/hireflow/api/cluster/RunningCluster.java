package io.hireflow.api.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The loopback cluster of docker/cluster/cluster.sh, already started, found through HIREFLOW_CLUSTER_DIR (its
 * cluster.env). Without it the cluster tests skip, saying so: they kill API replicas and database nodes, which
 * no test may do to a server it did not start.
 */
public final class RunningCluster {

    static final String SKIP = "Skipped: no running cluster. Start one with docker/cluster/cluster.sh start and set "
            + "HIREFLOW_CLUSTER_DIR to its state folder (default target/cluster), or run .ci/cluster.sh";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    final Path dir;
    public final String api;
    final String api1;
    final String api2;
    final Path shared;
    public final String token;
    private final Map<String, String> env;
    private final String jdbc;
    private final String user;
    private final String password;

    private RunningCluster(Path dir, Map<String, String> env) throws IOException {
        this.dir = dir;
        this.env = env;
        this.api = env.get("HIREFLOW_CLUSTER_API");
        this.api1 = env.get("HIREFLOW_CLUSTER_API1");
        this.api2 = env.get("HIREFLOW_CLUSTER_API2");
        this.shared = Path.of(env.get("HIREFLOW_CLUSTER_SHARED"));
        this.token = Files.readString(Path.of(env.get("HIREFLOW_CLUSTER_TOKEN_FILE"))).strip();
        this.jdbc = env.get("HIREFLOW_CLUSTER_JDBC") + "?connectTimeout=5000&socketTimeout=60000";
        this.user = env.get("HIREFLOW_CLUSTER_DB_USER");
        this.password = Files.readString(Path.of(env.get("HIREFLOW_CLUSTER_DB_PASSWORD_FILE"))).strip();
    }

    /** The running cluster, or the test is skipped with the reason. */
    public static RunningCluster require() {
        String dir = System.getenv("HIREFLOW_CLUSTER_DIR");
        assumeTrue(dir != null && !dir.isBlank(), SKIP);
        // Relative to the checkout, as the docs write it: surefire runs in api/.
        Path base = Path.of(dir);
        if (!base.isAbsolute() && !Files.isRegularFile(base.resolve("cluster.env"))) {
            base = Path.of("").toAbsolutePath().getParent().resolve(dir);
        }
        Path envFile = base.resolve("cluster.env");
        assumeTrue(Files.isRegularFile(envFile), SKIP + " (" + envFile + " is missing)");
        try {
            Map<String, String> env = new HashMap<>();
            for (String line : Files.readAllLines(envFile)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    env.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            RunningCluster cluster = new RunningCluster(base, env);
            assumeTrue(cluster.get(cluster.api + "/q/health/live").statusCode() == 200,
                    SKIP + " (nothing answers at " + cluster.api + ")");
            return cluster;
        } catch (IOException e) {
            assumeTrue(false, SKIP + " (" + e.getMessage() + ")");
            throw new UncheckedIOException(e);
        }
    }

    /** Runs cluster.sh with a command (kill-api 1, kill-writer, start-node 2, ...), which must succeed. */
    public String script(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = env.get("HIREFLOW_CLUSTER_SCRIPT");
        System.arraycopy(args, 0, command, 1, args.length);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("HIREFLOW_CLUSTER_DIR", dir.toString());
        try {
            Process process = builder.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, process.waitFor(), "cluster.sh " + String.join(" ", args) + ":\n" + out);
            return out.strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The node that new SQL connections through the proxy reach: node1, node2 or node3. */
    String writer() {
        return script("writer");
    }

    HttpResponse<String> get(String url) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    HttpResponse<String> post(String url, String json) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        try {
            return HTTP.send(request.header("Authorization", "Bearer " + token).timeout(Duration.ofMinutes(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    static JsonNode json(HttpResponse<String> answer) throws IOException {
        return JSON.readTree(answer.body());
    }

    /**
     * One number from the database through the writer proxy. Retried for a while: right after a node is killed
     * the proxy needs a second or two to move to another node.
     */
    public long number(String sql, Object... args) {
        SQLException last = null;
        for (int attempt = 0; attempt < 30; attempt++) {
            try (Connection c = DriverManager.getConnection(jdbc, user, password);
                    PreparedStatement statement = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    statement.setObject(i + 1, args[i]);
                }
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            } catch (SQLException e) {
                last = e;
                sleep(1000);
            }
        }
        throw new IllegalStateException("the database did not answer through the proxy: " + last, last);
    }

    /** Runs a statement through the writer proxy (retried like {@link #number}). */
    void execute(String sql) {
        SQLException last = null;
        for (int attempt = 0; attempt < 30; attempt++) {
            try (Connection c = DriverManager.getConnection(jdbc, user, password)) {
                c.createStatement().execute(sql);
                return;
            } catch (SQLException e) {
                last = e;
                sleep(1000);
            }
        }
        throw new IllegalStateException("the database did not answer through the proxy: " + last, last);
    }

    /**
     * The process ids cluster.sh recorded, by name (node1..node3, haproxy, api1, api2), of those that run: for
     * benchmarks that read each process's CPU time.
     */
    public Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String name : List.of("node1", "node2", "node3", "haproxy", "api1", "api2")) {
            Path file = dir.resolve(name.equals("haproxy") ? "haproxy.pid" : name + "/pid");
            try {
                long pid = Long.parseLong(Files.readString(file).strip());
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    pids.put(name, pid);
                }
            } catch (IOException | NumberFormatException e) {
                // not started, or stopped: left out
            }
        }
        return pids;
    }

    /** Departments and jobs 1-5, which every generated employee row refers to. */
    public void seedParents() {
        execute("INSERT IGNORE INTO departments (department_id, department_name) VALUES "
                + "(1,'D1'),(2,'D2'),(3,'D3'),(4,'D4'),(5,'D5')");
        execute("INSERT IGNORE INTO jobs (job_id, job_name) VALUES (1,'J1'),(2,'J2'),(3,'J3'),(4,'J4'),(5,'J5')");
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
