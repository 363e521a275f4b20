package io.warmstart.platform.stats;

import io.warmstart.platform.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.warmstart.platform.tenancy.CurrentTenant;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The current tenant's own counts. */
@RolesAllowed({Roles.TENANT_ADMIN, Roles.TENANT_SDK})
@Path("/v1/stats")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Stats")
public class StatsResource {

  @Inject CurrentTenant currentTenant;
  @Inject TenantStatsService stats;

  @GET
  @Operation(summary = "Counts of events, items and users, and events per day over the last `days` days with events")
  public TenantStats tenantStats(@QueryParam("days") Integer days) {
    return stats.statsOf(currentTenant.requireActive(), days);
  }

  @GET
  @Path("click-through")
  @Operation(summary = "Impressions, clicks and click-through rate per model version or strategy, from feedback events citing a recommendationId, over the last `days` days (default 30)")
  public java.util.List<ClickThrough> clickThrough(@QueryParam("days") Integer days) {
    return stats.clickThrough(currentTenant.requireActive(), days);
  }
}
