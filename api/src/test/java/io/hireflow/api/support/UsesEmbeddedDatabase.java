package io.hireflow.api.support;

import io.quarkus.test.common.QuarkusTestResource;

/** Registers {@link EmbeddedDatabaseResource} once for the whole test suite. */
@QuarkusTestResource(EmbeddedDatabaseResource.class)
public final class UsesEmbeddedDatabase {

    private UsesEmbeddedDatabase() {
    }
}
