package io.hireflow.client.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** {@code --version}: the client's version, written into the jar by the build. */
public class VersionProvider implements CommandLine.IVersionProvider {

    static String version() {
        Properties properties = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("/hireflow-client.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // an unknown version is better than no client
        }
        return properties.getProperty("version", "unknown");
    }

    @Override
    public String[] getVersion() {
        return new String[] {"hireflow client " + version(), "Java " + System.getProperty("java.version")};
    }
}
