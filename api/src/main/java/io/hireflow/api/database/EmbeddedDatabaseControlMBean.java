package io.hireflow.api.database;

/** JMX view of the embedded server: stop and start it, e.g. to simulate an outage in a fault test. */
public interface EmbeddedDatabaseControlMBean {

    void stop();

    void start();
}
