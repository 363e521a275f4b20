package io.warmstart.platform.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.quarkus.oidc.runtime.OidcAuthenticationMechanism;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Verifies each distinct bearer token once. A tenant's backend sends the same access token for its
 * whole lifespan (5 minutes), and checking its signature, issuer, audience and expiry took about as
 * long as ranking the recommendations it asked for. The first sight of a token goes through
 * quarkus-oidc's own authentication as before (every check, then the identity augmentors); the
 * identity it yields is remembered under the token until the token's own expiry and never past it,
 * in a cache bounded in entries.
 *
 * <p>This is an HTTP authentication mechanism that runs before quarkus-oidc's and hands it every
 * token it has not seen. It sat one step later once, as an identity provider, and a profile of the
 * popularity endpoint then put 15% of the event loop's time in what quarkus-oidc's mechanism does
 * before any provider sees the token: it decodes the token's payload as JSON to tell a JWT from an
 * opaque token. A remembered token now costs a header read and a map lookup.
 *
 * <p>What this changes: nothing a caller can see. Tokens are verified locally (no introspection),
 * so a revoked credential's tokens were already valid until they expired; they still are, no longer.
 * Tokens that fail verification are never remembered: each bad token is checked in full again.
 * Requests without a bearer token are left to quarkus-oidc untouched.
 */
@ApplicationScoped
public class VerifiedTokens implements HttpAuthenticationMechanism {

  private static final String BEARER = "Bearer ";

  private final OidcAuthenticationMechanism oidc;
  private final Clock clock;
  private final Cache<String, Verified> cache;
  private final boolean remembers;
  private final AtomicLong verifications = new AtomicLong();

  private record Verified(SecurityIdentity identity, Instant expiresAt) {}

  @Inject
  VerifiedTokens(OidcAuthenticationMechanism oidc, IdentityConfig config) {
    this(oidc, config.tokenCacheSize(), Clock.systemUTC());
  }

  VerifiedTokens(OidcAuthenticationMechanism oidc, int size, Clock clock) {
    this.oidc = oidc;
    this.clock = clock;
    this.remembers = size > 0;
    this.cache = Caffeine.newBuilder().maximumSize(size).expireAfter(new Expiry<String, Verified>() {
      @Override
      public long expireAfterCreate(String key, Verified value, long currentTime) {
        return Math.max(0, Duration.between(clock.instant(), value.expiresAt()).toNanos());
      }

      @Override
      public long expireAfterUpdate(String key, Verified value, long currentTime, long currentDuration) {
        return expireAfterCreate(key, value, currentTime);
      }

      @Override
      public long expireAfterRead(String key, Verified value, long currentTime, long currentDuration) {
        return currentDuration;
      }
    }).build();
  }

  /** Just before quarkus-oidc's mechanism: the authenticator tries mechanisms highest priority first. */
  @Override
  public int getPriority() {
    return oidc.getPriority() + 1;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
    String token = bearerToken(context.request().getHeader(HttpHeaders.AUTHORIZATION));
    if (token == null) {
      // No bearer token: the next mechanism (quarkus-oidc's) answers, as without this one.
      return Uni.createFrom().nullItem();
    }
    Verified known = remembers ? cache.getIfPresent(token) : null;
    // Caffeine's expiry is not exact to the nanosecond: the token's own expiry decides.
    if (known != null && clock.instant().isBefore(known.expiresAt())) {
      return Uni.createFrom().item(forThisRequest(known.identity(), context));
    }
    verifications.incrementAndGet();
    Uni<SecurityIdentity> verified = oidc.authenticate(context, identities);
    if (!remembers) {
      return verified;
    }
    return verified.invoke(identity -> expiry(identity, clock.instant())
        .ifPresent(expiresAt -> cache.put(token, new Verified(identity, expiresAt))));
  }

  @Override
  public Uni<ChallengeData> getChallenge(RoutingContext context) {
    return oidc.getChallenge(context);
  }

  @Override
  public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
    return oidc.getCredentialTypes();
  }

  /**
   * None of its own: a route that names a mechanism ({@code auth-mechanism=bearer}) gets
   * quarkus-oidc's, which verifies in full; two mechanisms with one scheme would be ambiguous.
   */
  @Override
  public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
    return Uni.createFrom().nullItem();
  }

  /** Full verifications so far (tokens seen for the first time, or again after they left the cache). */
  public long verifications() {
    return verifications.get();
  }

  /** When a verified identity stops being valid: its token's expiry; empty when it has none or it has passed. */
  static Optional<Instant> expiry(SecurityIdentity identity, Instant now) {
    if (identity == null || !(identity.getPrincipal() instanceof JsonWebToken jwt) || jwt.getExpirationTime() <= 0) {
      return Optional.empty();
    }
    Instant expiresAt = Instant.ofEpochSecond(jwt.getExpirationTime());
    return expiresAt.isAfter(now) ? Optional.of(expiresAt) : Optional.empty();
  }

  /** The token of an {@code Authorization: Bearer <token>} header; null for any other header or none. */
  static String bearerToken(String authorization) {
    if (authorization == null || authorization.length() <= BEARER.length()
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return null;
    }
    String token = authorization.substring(BEARER.length()).trim();
    return token.isEmpty() ? null : token;
  }

  /** The remembered identity, bound to this request's routing context rather than the first one's. */
  private static SecurityIdentity forThisRequest(SecurityIdentity identity, RoutingContext routing) {
    return QuarkusSecurityIdentity.builder(identity).addAttribute(RoutingContext.class.getName(), routing).build();
  }
}
