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

        assertEquals("post employees [############..................] 1000/2500 rows, 1,500 to go  500 rows/s  ETA 3s  "
                + "employees.csv", line);
    }

    @Test
    void drawsTheFiguresTheApiMeasuredForALoadThatRunsThere() {
        StringWriter err = new StringWriter();
        Progress progress = Progress.start(new PrintWriter(err), true, "history", -1);

        progress.update(900_000, 100_000L, 200_000L, 1L, "employees");

        assertEquals("\rhistory [###########################...] 900000/1000000 rows, 100,000 to go  200,000 rows/s  "
                + "ETA 1s  employees\u001b[K", err.toString());
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
