package io.warmstart.platform.tenant;

import com.fasterxml.jackson.annotation.JsonValue;

/** Lifecycle of a tenant: only an active tenant's requests are served. */
public enum TenantStatus {
  ACTIVE,
  SUSPENDED,
  DELETED;

  @JsonValue
  public String wireName() {
    return name().toLowerCase();
  }
}
