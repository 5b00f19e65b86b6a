package io.hireflow.api.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Test helper: Avro files written by Apache Avro's Python implementation (Debian's python3-avro, with
 * python3-snappy and python3-zstandard), independent of the Java library hireflow uses, by
 * {@code src/test/resources/imports/write_avro.py}. Tests skip, saying why, where it is not installed.
 */
public final class IndependentAvro {

    /** Debian's own interpreter: a pyenv shim earlier on PATH does not see Debian's modules. */
    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final Path SCRIPT = Path.of("src/test/resources/imports/write_avro.py");
    static final Path DIR = Path.of("target/imports");

    private IndependentAvro() {
    }

    /** Skips the calling test unless python3-avro, python3-snappy and python3-zstandard can be imported. */
    public static void requireInstalled() {
        String missing = "/usr/bin/python3 with python3-avro, python3-snappy and python3-zstandard is not installed "
                + "(apt-get install -y python3-avro python3-snappy python3-zstandard): skipped";
        Assumptions.assumeTrue(Files.isExecutable(PYTHON), missing);
        try {
            Process probe = new ProcessBuilder(PYTHON.toString(), "-c", "import avro.datafile, snappy, zstandard")
                    .redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            Assumptions.assumeTrue(probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0, missing);
        } catch (IOException | InterruptedException e) {
            Assumptions.abort(missing + " (" + e.getMessage() + ")");
        }
    }

    /** A file of {@code rows} rows in {@code shape} (see the script) with {@code codec}, written once and reused. */
    public static Path file(String shape, String codec, int rows) {
        requireInstalled();
        try {
            Path out = Files.createDirectories(DIR).resolve(shape + "-" + codec + "-" + rows + ".avro");
            if (Files.exists(out)) {
                return out;
            }
            Path partial = out.resolveSibling(out.getFileName() + ".part");
            Process write = new ProcessBuilder(PYTHON.toString(), SCRIPT.toString(), shape, codec,
                    Integer.toString(rows), partial.toString()).redirectErrorStream(true).start();
            String output = new String(write.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!write.waitFor(30, TimeUnit.MINUTES) || write.exitValue() != 0) {
                throw new IllegalStateException("write_avro.py " + shape + " " + codec + " failed: " + output);
            }
            return Files.move(partial, out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
