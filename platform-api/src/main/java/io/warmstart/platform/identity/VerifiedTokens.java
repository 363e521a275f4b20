package io.warmstart.platform.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.runtime.OidcIdentityProvider;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Verifies each distinct bearer token once. A tenant's backend sends the same access token for its
 * whole lifespan (5 minutes), and checking its signature, issuer, audience and expiry took about as
 * long as ranking the recommendations it asked for. The first sight of a token goes through
 * quarkus-oidc as before (every check); the identity it yields is remembered under the token's
 * SHA-256 until the token's own expiry and never past it, in a cache bounded in entries.
 *
 * <p>What this changes: nothing a caller can see. Tokens are verified locally (no introspection),
 * so a revoked credential's tokens were already valid until they expired; they still are, no longer.
 * Tokens that fail verification are never remembered: each bad token is checked in full again.
 */
@ApplicationScoped
public class VerifiedTokens implements IdentityProvider<TokenAuthenticationRequest> {

  private final OidcIdentityProvider oidc;
  private final Clock clock;
  private final Cache<String, Verified> cache;
  private final AtomicLong verifications = new AtomicLong();

  private record Verified(SecurityIdentity identity, Instant expiresAt) {}

  @Inject
  VerifiedTokens(OidcIdentityProvider oidc, IdentityConfig config) {
    this(oidc, config.tokenCacheSize(), Clock.systemUTC());
  }

  VerifiedTokens(OidcIdentityProvider oidc, int size, Clock clock) {
    this.oidc = oidc;
    this.clock = clock;
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

  /**
   * Before quarkus-oidc's own provider, which it calls on a miss: providers run highest priority
   * first, and quarkus-oidc's reports 1001, just above {@link IdentityProvider#SYSTEM_FIRST}.
   */
  @Override
  public int priority() {
    return SYSTEM_FIRST + 1000;
  }

  @Override
  public Class<TokenAuthenticationRequest> getRequestType() {
    return TokenAuthenticationRequest.class;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
    if (!(request.getToken() instanceof AccessTokenCredential token) || token.getToken() == null) {
      return oidc.authenticate(request, context);
    }
    String key = sha256(token.getToken());
    Verified known = cache.getIfPresent(key);
    // Caffeine's expiry is not exact to the nanosecond: the token's own expiry decides.
    if (known != null && clock.instant().isBefore(known.expiresAt())) {
      return Uni.createFrom().item(forThisRequest(known.identity(), request));
    }
    verifications.incrementAndGet();
    return oidc.authenticate(request, context).invoke(identity -> expiry(identity, clock.instant())
        .ifPresent(expiresAt -> cache.put(key, new Verified(identity, expiresAt))));
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

  /** The remembered identity, bound to this request's routing context rather than the first one's. */
  private static SecurityIdentity forThisRequest(SecurityIdentity identity, TokenAuthenticationRequest request) {
    RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
    if (routing == null) {
      return identity;
    }
    return QuarkusSecurityIdentity.builder(identity).addAttribute(RoutingContext.class.getName(), routing).build();
  }

  private static String sha256(String token) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
