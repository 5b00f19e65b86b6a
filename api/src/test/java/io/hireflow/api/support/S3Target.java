package io.hireflow.api.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/** The API with its backups in a bucket of a real S3-protocol server ({@link S3ServerResource}). */
public class S3Target implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(S3ServerResource.class));
    }
}
