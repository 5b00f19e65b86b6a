package io.hireflow.api.security;

import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code Authorization: Bearer <token>}. No header means anonymous (the path policies then
 * decide); a header that is not a known token fails. The challenge is a 401 problem answer.
 */
@ApplicationScoped
public class BearerTokenMechanism implements HttpAuthenticationMechanism {

    private static final String PREFIX = "bearer ";
    private final TokenStore tokens;
    private final HttpProblems problems;

    BearerTokenMechanism(TokenStore tokens, HttpProblems problems) {
        this.tokens = tokens;
        this.problems = problems;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        if (!tokens.enabled()) {
            return Uni.createFrom().item(BearerTokenIdentityProvider.identity(Role.ADMIN));
        }
        String header = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            return Uni.createFrom().optional(Optional.empty());
        }
        String token = header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
                ? header.substring(PREFIX.length()).strip() : "";
        return identities.authenticate(new TokenAuthenticationRequest(new TokenCredential(token, "bearer")));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer realm=\"hireflow\""));
    }

    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        boolean presented = context.request().getHeader(HttpHeaders.AUTHORIZATION) != null;
        context.response().putHeader("WWW-Authenticate", presented
                ? "Bearer realm=\"hireflow\", error=\"invalid_token\"" : "Bearer realm=\"hireflow\"");
        problems.send(context, 401, "unauthorized", "Authentication required", presented
                ? "The bearer token is not valid (unknown, revoked or malformed); send Authorization: Bearer <token>"
                : "This endpoint needs a token: send Authorization: Bearer <token> (see the README for how to get one)");
        return Uni.createFrom().item(true);
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, "bearer"));
    }
}
