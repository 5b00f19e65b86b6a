package io.hireflow.client.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the client's log and rejects files go unless {@code --log-dir} says otherwise: {@code HIREFLOW_LOG_DIR},
 * else the user's state folder ({@code $XDG_STATE_HOME/hireflow/logs}, by default
 * {@code ~/.local/state/hireflow/logs}). Never the working directory: that is usually a checkout, and files
 * appearing in it look like changes to commit.
 */
final class DefaultLogDir {

    private DefaultLogDir() {
    }

    static Path resolve(Map<String, String> env, String userHome) {
        String explicit = env.get("HIREFLOW_LOG_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        // The XDG Base Directory spec: a relative XDG_STATE_HOME is invalid and must be ignored.
        String state = env.get("XDG_STATE_HOME");
        Path base = state != null && !state.isBlank() && Path.of(state).isAbsolute() ? Path.of(state)
                : Path.of(userHome, ".local", "state");
        return base.resolve("hireflow").resolve("logs");
    }
}
