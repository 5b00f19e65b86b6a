package io.hireflow.api.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The three roles, each implying the ones below it: admin &gt; writer &gt; reader. */
public enum Role {
    READER, WRITER, ADMIN;

    /** The role's name as used in configuration and HTTP policies. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** This role and every role below it, as role names for a security identity. */
    public Set<String> granted() {
        return Arrays.stream(values()).filter(r -> r.ordinal() <= ordinal()).map(Role::id)
                .collect(Collectors.toUnmodifiableSet());
    }

    public static Optional<Role> byId(String id) {
        return Arrays.stream(values()).filter(r -> r.id().equalsIgnoreCase(id.trim())).findFirst();
    }
}
