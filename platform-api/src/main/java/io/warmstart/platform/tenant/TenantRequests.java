package io.warmstart.platform.tenant;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/** Request and response bodies of the operator tenant endpoints. */
public final class TenantRequests {

  private TenantRequests() {}

  /** Creates a tenant; {@code id} is a lowercase slug that appears in every log line about it. */
  public record CreateTenant(
      @NotNull @Pattern(regexp = "^[a-z0-9][a-z0-9-]{1,62}$", message = "must be a slug: 2-63 of a-z, 0-9 and -, not starting with -")
          String id,
      @NotBlank @Size(max = 200) String displayName,
      @NotNull TenantKind kind,
      TenantSettings settings,
      Boolean shareForMetaLearning) {}

  /** Changes the fields that are present; absent fields keep their value. */
  public record UpdateTenant(
      @Size(min = 1, max = 200) String displayName,
      TenantKind kind,
      TenantSettings settings,
      Boolean shareForMetaLearning) {}

  public record TenantView(
      String id,
      String displayName,
      TenantKind kind,
      TenantStatus status,
      TenantSettings settings,
      boolean shareForMetaLearning,
      Instant createdAt,
      Instant updatedAt) {

    static TenantView of(Tenant tenant) {
      return new TenantView(
          tenant.id,
          tenant.displayName,
          tenant.kind,
          tenant.status,
          tenant.settings,
          tenant.shareForMetaLearning,
          tenant.createdAt,
          tenant.updatedAt);
    }
  }

  /**
   * A new tenant and its first API credentials (client credentials for its backend); the secret is
   * shown only here (rotate it to get a new one).
   */
  public record CreatedTenant(
      @com.fasterxml.jackson.annotation.JsonUnwrapped TenantView tenant, io.warmstart.platform.identity.TenantIdentity.ApiCredential apiCredentials) {}

  /** What a delete removed. */
  public record PurgeReport(String tenantId, long events, long items, long users, long modelVersions) {}
}
