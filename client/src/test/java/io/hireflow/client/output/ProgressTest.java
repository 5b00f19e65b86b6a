package io.hireflow.client.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void showsRowsRateAndEtaWhenTheTotalIsKnown() {
        Progress progress = Progress.start(new PrintWriter(new StringWriter()), true, "post employees", 2500);

        String line = progress.line(1000, 2.0, "employees.csv");

        assertEquals("post employees [############..................] 1000/2500 rows  500 rows/s  ETA 3s  employees.csv",
                line);
    }

    @Test
    void staysSilentUnlessAskedOrOnATerminal() {
        StringWriter err = new StringWriter();
        Progress progress = Progress.start(new PrintWriter(err), false, "post", 10);
        progress.update(5);
        progress.finish(10);
        // Under a build there is no console, so nothing may be drawn.
        assertTrue(System.console() != null || err.toString().isEmpty(), err.toString());
    }
}
