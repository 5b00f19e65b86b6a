package io.hireflow.api.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;

/** Turns a bearer token into an identity holding its role and every role below it. */
@ApplicationScoped
public class BearerTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    private final TokenStore tokens;

    BearerTokenIdentityProvider(TokenStore tokens) {
        this.tokens = tokens;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        return tokens.roleOf(request.getToken().getToken())
                .map(role -> Uni.createFrom().item(identity(role)))
                .orElseGet(() -> Uni.createFrom().failure(new AuthenticationFailedException("unknown token")));
    }

    /** One immutable identity per role, built once: a request only picks its role's. */
    private static final Map<Role, SecurityIdentity> IDENTITIES = new EnumMap<>(Role.class);

    static {
        for (Role role : Role.values()) {
            // The principal names the role, never the token, so nothing secret can reach a log line.
            IDENTITIES.put(role, QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal("token:" + role.id()))
                    .addRoles(role.granted())
                    .build());
        }
    }

    static SecurityIdentity identity(Role role) {
        return IDENTITIES.get(role);
    }
}
