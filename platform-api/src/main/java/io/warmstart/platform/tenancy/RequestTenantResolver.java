package io.warmstart.platform.tenancy;

import java.util.Optional;

/**
 * Where the tenant of a request comes from. There is exactly one implementation in the running
 * platform; the identity layer replaces it (tenant from the access token) without touching callers.
 */
public interface RequestTenantResolver {

  /** The tenant id the current request acts for, if the request names one. */
  Optional<String> resolveTenantId();
}
