package io.warmstart.platform.tenant;

import io.warmstart.platform.audit.AuditLog;
import io.warmstart.platform.identity.Roles;
import io.warmstart.platform.problem.ProblemException;
import io.warmstart.platform.quota.TenantQuotas;
import io.warmstart.platform.tenancy.CurrentTenant;
import io.warmstart.platform.tenant.TenantRequests.TenantView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The current tenant's own profile and the settings its admins may change themselves. */
@RolesAllowed({Roles.TENANT_ADMIN, Roles.TENANT_SDK})
@Path("/v1/tenant")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Tenant settings")
public class OwnTenantResource {

  @Inject CurrentTenant currentTenant;
  @Inject TenantService tenants;
  @Inject TenantQuotas quotas;
  @Inject AuditLog audit;
  @Inject io.warmstart.platform.models.TrainingConfig training;

  /**
   * The tenant as its admins see it: effective event types (built-in ones included) and effective
   * quotas (the platform defaults where the operator set none).
   */
  public record TenantProfile(
      String id,
      String displayName,
      TenantKind kind,
      TenantStatus status,
      Map<String, Double> eventTypes,
      Map<String, Double> customEventTypes,
      Map<String, Double> builtInEventTypes,
      boolean autoTraining,
      boolean shareForMetaLearning,
      Integer retentionDays,
      TenantSettings.Quotas quotas,
      int onboardingMinEvents,
      Instant createdAt,
      Instant updatedAt) {}

  /**
   * What a tenant admin may change; absent fields keep their value. {@code quotas} and
   * {@code retentionDays} are listed only to refuse them in words instead of ignoring them.
   */
  public record OwnSettingsUpdate(
      Map<String, Double> eventTypes,
      Boolean autoTraining,
      Boolean shareForMetaLearning,
      Object quotas,
      Object retentionDays) {}

  @GET
  @Operation(summary = "The current tenant: name, event types and weights, training and meta-learning choices, quotas")
  public TenantProfile profile() {
    return profileOf(tenants.findTenant(currentTenant.requireActive()).orElseThrow());
  }

  @PATCH
  @RolesAllowed(Roles.TENANT_ADMIN)
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Change the tenant's own event types and weights, automatic training, or meta-learning opt-out (tenant admins)")
  public TenantProfile update(@NotNull OwnSettingsUpdate request) {
    if (request.quotas() != null || request.retentionDays() != null) {
      throw ProblemException.forbidden("Quotas and retention are set by the platform operator");
    }
    String tenantId = currentTenant.requireActive();
    TenantView updated = tenants.updateOwnSettings(tenantId, request.eventTypes(), request.autoTraining(), request.shareForMetaLearning());
    Map<String, Object> changed = new LinkedHashMap<>();
    if (request.eventTypes() != null) {
      changed.put("eventTypes", request.eventTypes());
    }
    if (request.autoTraining() != null) {
      changed.put("autoTraining", request.autoTraining());
    }
    if (request.shareForMetaLearning() != null) {
      changed.put("shareForMetaLearning", request.shareForMetaLearning());
    }
    audit.record(tenantId, "tenant.settings", changed);
    return profileOf(updated);
  }

  private TenantProfile profileOf(TenantView tenant) {
    TenantSettings settings = tenant.settings() == null ? TenantSettings.defaults() : tenant.settings();
    return new TenantProfile(
        tenant.id(),
        tenant.displayName(),
        tenant.kind(),
        tenant.status(),
        settings.effectiveEventTypes(),
        settings.eventTypes(),
        TenantSettings.BUILT_IN_EVENT_TYPES,
        settings.trainsAutomatically(),
        tenant.shareForMetaLearning(),
        settings.retentionDays(),
        quotas.limits(tenant.id()),
        training.onboardingMinEvents(),
        tenant.createdAt(),
        tenant.updatedAt());
  }
}
