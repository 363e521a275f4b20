package io.warmstart.platform.tenant;

import io.warmstart.platform.identity.Roles;
import io.warmstart.platform.audit.AuditLog;
import jakarta.annotation.security.RolesAllowed;
import io.warmstart.platform.common.Cursor;
import io.warmstart.platform.common.Page;
import io.warmstart.platform.problem.ProblemException;
import io.warmstart.platform.stats.TenantStats;
import io.warmstart.platform.stats.TenantStatsService;
import io.warmstart.platform.identity.TenantIdentity;
import io.warmstart.platform.tenant.TenantRequests.CreateTenant;
import io.warmstart.platform.tenant.TenantRequests.CreatedTenant;
import io.warmstart.platform.tenant.TenantRequests.PurgeReport;
import io.warmstart.platform.tenant.TenantRequests.TenantView;
import io.warmstart.platform.tenant.TenantRequests.UpdateTenant;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operator endpoints: the lifecycle of tenants. */
@RolesAllowed(Roles.OPERATOR)
@Path("/v1/tenants")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Tenants (operator)")
public class TenantResource {

  @Inject TenantService tenants;
  @Inject AuditLog audit;
  @Inject TenantPurgeService purge;
  @Inject TenantIdentity identity;
  @Inject TenantStatsService stats;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Create a tenant")
  public Response createTenant(@Valid @NotNull CreateTenant request) {
    CreatedTenant created = tenants.createTenant(request);
    audit.record(created.tenant().id(), "tenant.create", java.util.Map.of("displayName", created.tenant().displayName(),
        "kind", created.tenant().kind().toString(), "apiClient", created.apiCredentials().clientId()));
    return Response.created(URI.create("/v1/tenants/" + created.tenant().id())).entity(created).build();
  }

  @GET
  @Operation(summary = "List tenants (deleted ones only with status=deleted)")
  public Page<TenantView> listTenants(
      @QueryParam("status") String status, @QueryParam("after") String after, @QueryParam("limit") Integer limit) {
    return tenants.listTenants(parseStatus(status), after, Cursor.pageSize(limit, 100, 1000));
  }

  @GET
  @Path("{id}")
  @Operation(summary = "Get a tenant")
  public TenantView getTenant(@PathParam("id") String id) {
    return tenants.findTenant(id).orElseThrow(() -> ProblemException.notFound("Unknown tenant '" + id + "'"));
  }

  @PATCH
  @Consumes(MediaType.APPLICATION_JSON)
  @Path("{id}")
  @Operation(summary = "Change a tenant's name, kind, settings or meta-learning opt-out")
  public TenantView updateTenant(@PathParam("id") String id, @Valid @NotNull UpdateTenant request) {
    TenantView updated = tenants.updateTenant(id, request);
    java.util.Map<String, Object> changed = new java.util.LinkedHashMap<>();
    if (request.displayName() != null) {
      changed.put("displayName", request.displayName());
    }
    if (request.kind() != null) {
      changed.put("kind", request.kind().toString());
    }
    if (request.settings() != null) {
      changed.put("settings", request.settings());
    }
    if (request.shareForMetaLearning() != null) {
      changed.put("shareForMetaLearning", request.shareForMetaLearning());
    }
    audit.record(id, "tenant.update", changed);
    return updated;
  }

  @POST
  @Path("{id}/suspend")
  @Operation(summary = "Suspend a tenant: its requests are refused with 403 until it is resumed")
  public TenantView suspendTenant(@PathParam("id") String id) {
    TenantView view = tenants.changeStatus(id, TenantStatus.SUSPENDED);
    audit.record(id, "tenant.suspend", java.util.Map.of());
    return view;
  }

  @POST
  @Path("{id}/resume")
  @Operation(summary = "Resume a suspended tenant")
  public TenantView resumeTenant(@PathParam("id") String id) {
    TenantView view = tenants.changeStatus(id, TenantStatus.ACTIVE);
    audit.record(id, "tenant.resume", java.util.Map.of());
    return view;
  }

  @DELETE
  @Path("{id}")
  @Operation(summary = "Delete a tenant and purge all its data (repeat to retry an interrupted purge)")
  public PurgeReport deleteTenant(@PathParam("id") String id) {
    // Identities first: once they are gone no new token reaches the tenant, and if Keycloak is down
    // nothing has changed yet (503; repeat the delete).
    tenants.findTenant(id).orElseThrow(() -> ProblemException.notFound("Unknown tenant '" + id + "'"));
    identity.deprovisionTenant(id);
    tenants.markDeleted(id);
    PurgeReport report = purge.purgeTenantData(id);
    audit.record(id, "tenant.delete", java.util.Map.of("events", report.events(), "items", report.items(), "users", report.users()));
    return report;
  }

  @GET
  @Path("{id}/stats")
  @Operation(summary = "A tenant's counts and events per day")
  public TenantStats tenantStats(@PathParam("id") String id, @QueryParam("days") Integer days) {
    TenantView tenant = getTenant(id);
    return stats.statsOf(tenant.id(), days);
  }

  @GET
  @Path("{id}/health")
  @Operation(summary = "A tenant's health at a glance: events accepted today and this week, newest event, served model, its age and quality")
  public io.warmstart.platform.stats.TenantHealth tenantHealth(@PathParam("id") String id) {
    TenantView tenant = getTenant(id);
    return stats.healthOf(tenant.id());
  }

  private static TenantStatus parseStatus(String status) {
    if (status == null) {
      return null;
    }
    for (TenantStatus candidate : TenantStatus.values()) {
      if (candidate.wireName().equals(status)) {
        return candidate;
      }
    }
    throw ProblemException.invalidField("status", "status must be one of active, suspended, deleted");
  }
}
