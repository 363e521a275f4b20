package io.warmstart.platform.tenancy;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Takes the tenant of a request from its verified access token, and from nowhere else: a path,
 * header or body the caller controls never decides which tenant's data a request reaches.
 *
 * <p>A tenant's SDK clients carry it in the {@value #TENANT_CLAIM} claim (a hard-coded claim on
 * the client, set when the platform provisions it). A person signed in to the console carries the
 * Keycloak organisation they are a member of (claim {@value #ORGANIZATION_CLAIM}, organisation
 * alias = tenant id); a token naming several organisations names no tenant.
 */
@ApplicationScoped
public class TokenRequestTenantResolver implements RequestTenantResolver {

  public static final String TENANT_CLAIM = "tenant";
  public static final String ORGANIZATION_CLAIM = "organization";

  @Inject SecurityIdentity identity;

  @Override
  public Optional<String> resolveTenantId() {
    if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
      return Optional.empty();
    }
    Optional<String> tenant = text(token.getClaim(TENANT_CLAIM));
    return tenant.isPresent() ? tenant : organization(token.getClaim(ORGANIZATION_CLAIM));
  }

  private static Optional<String> text(Object claim) {
    if (claim instanceof JsonString json) {
      return nonBlank(json.getString());
    }
    return claim instanceof String plain ? nonBlank(plain) : Optional.empty();
  }

  /** Keycloak writes organisations as a list of aliases or as an object keyed by alias. */
  private static Optional<String> organization(Object claim) {
    if (claim instanceof JsonArray array && array.size() == 1 && array.get(0).getValueType() == JsonValue.ValueType.STRING) {
      return nonBlank(array.getString(0));
    }
    if (claim instanceof JsonObject object && object.size() == 1) {
      return nonBlank(object.keySet().iterator().next());
    }
    if (claim instanceof java.util.Collection<?> list && list.size() == 1) {
      return text(list.iterator().next());
    }
    return Optional.empty();
  }

  private static Optional<String> nonBlank(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }
}
