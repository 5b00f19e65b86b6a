package io.hireflow.api.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hireflow.api.support.Database;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Opens the rendered index.html in headless Chromium, as a stakeholder would, and checks the page it
 * builds: both tables and both SVG charts. The screenshot stays in target/ as an artifact. Skipped when
 * no Chromium is installed (Debian: {@code apt-get install chromium}; or set CHROMIUM to its path).
 */
@QuarkusTest
class ReportPageBrowserTest {

    static final Path SCREENSHOT = Path.of("target", "report-page.png").toAbsolutePath();

    @Inject
    Database db;

    @BeforeEach
    void seed() {
        db.clear();
        db.seedDepartmentsAndJobs(6, 4);
        StringBuilder employees = new StringBuilder("INSERT INTO employees VALUES ");
        for (int i = 1; i <= 120; i++) {
            employees.append(i > 1 ? "," : "").append('(').append(i).append(",'E").append(i).append("','2021-")
                    .append(String.format("%02d", 1 + i % 12)).append("-15 12:00:00',").append(1 + (i * i) % 6)
                    .append(',').append(1 + i % 4).append(')');
        }
        db.update(employees.toString());
    }

    @Test
    void chromiumShowsBothTablesAndBothCharts() throws Exception {
        Optional<String> chromium = chromium();
        assumeTrue(chromium.isPresent(), "Skipped: no Chromium found (install Debian's 'chromium' package or set "
                + "CHROMIUM to the browser's path)");
        Path page = RenderDeliverablesTest.render().resolve("index.html");
        Path profile = Files.createTempDirectory("hireflow-chromium");
        try {
            Files.createDirectories(SCREENSHOT.getParent());
            Files.deleteIfExists(SCREENSHOT);
            String dom = run(chromium.get(), profile, "--dump-dom", page.toUri().toString());
            assertTrue(dom.contains("id=\"hires-by-quarter-table\""), "hires-by-quarter table in the DOM");
            assertTrue(dom.contains("id=\"departments-above-mean-table\""), "departments-above-mean table in the DOM");
            assertEquals(2, dom.split("<svg", -1).length - 1, "two inline SVG charts in the DOM");
            assertTrue(dom.contains("Department 1"), "table rows rendered");
            assertTrue(dom.contains("<details id=\"hires-by-quarter-details\">"), "the long table folded, closed");

            run(chromium.get(), profile, "--screenshot=" + SCREENSHOT, "--window-size=1280,2000",
                    page.toUri().toString());
            BufferedImage shot = ImageIO.read(SCREENSHOT.toFile());
            assertTrue(shot != null && shot.getWidth() == 1280, "a 1280-wide screenshot at " + SCREENSHOT);
        } finally {
            deleteTree(profile);
        }
    }

    private static String run(String chromium, Path profile, String... args) throws IOException,
            InterruptedException {
        List<String> command = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
                "--user-data-dir=" + profile));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(profile, "out", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("Chromium did not finish within 90 s: " + command);
        }
        assertEquals(0, process.exitValue(), "Chromium exit code for " + command);
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static Optional<String> chromium() {
        String configured = System.getenv("CHROMIUM");
        if (configured != null && new File(configured).canExecute()) {
            return Optional.of(configured);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
                File candidate = new File(dir, name);
                if (candidate.canExecute()) {
                    return Optional.of(candidate.getPath());
                }
            }
        }
        return Optional.empty();
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        }
    }
}
