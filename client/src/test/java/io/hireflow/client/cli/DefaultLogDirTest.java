package io.hireflow.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The client's log folder: never the working directory unless asked for. */
class DefaultLogDirTest {

    @Test
    void withNothingSetTheLogsGoToTheUsersStateFolder() {
        assertEquals(Path.of("/home/ada/.local/state/hireflow/logs"), DefaultLogDir.resolve(Map.of(), "/home/ada"));
    }

    @Test
    void xdgStateHomeMovesThemWhenAbsolute() {
        assertEquals(Path.of("/var/state/hireflow/logs"),
                DefaultLogDir.resolve(Map.of("XDG_STATE_HOME", "/var/state"), "/home/ada"));
        // The XDG spec says to ignore a relative value: it would put the logs into the working directory.
        assertEquals(Path.of("/home/ada/.local/state/hireflow/logs"),
                DefaultLogDir.resolve(Map.of("XDG_STATE_HOME", "state"), "/home/ada"));
    }

    @Test
    void hireflowLogDirWins() {
        assertEquals(Path.of("/shared/logs"), DefaultLogDir.resolve(
                Map.of("HIREFLOW_LOG_DIR", "/shared/logs", "XDG_STATE_HOME", "/var/state"), "/home/ada"));
        assertEquals(Path.of("/home/ada/.local/state/hireflow/logs"),
                DefaultLogDir.resolve(Map.of("HIREFLOW_LOG_DIR", " "), "/home/ada"));
    }
}
