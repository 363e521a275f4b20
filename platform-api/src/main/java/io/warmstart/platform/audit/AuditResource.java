package io.warmstart.platform.audit;

import io.warmstart.platform.identity.Roles;
import io.warmstart.platform.problem.ProblemException;
import io.warmstart.platform.tenancy.CurrentTenant;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A tenant admin reads what was done to their tenant (an SDK token may not). */
@RolesAllowed(Roles.TENANT_ADMIN)
@Path("/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit")
public class AuditResource {

  @Inject CurrentTenant currentTenant;
  @Inject AuditLog audit;

  @GET
  @Operation(summary = "Administrative actions on the tenant, newest first (page with before=<entryId>)")
  public List<AuditEntry> entries(@QueryParam("before") Long before, @QueryParam("limit") @DefaultValue("50") int limit) {
    return audit.entries(currentTenant.requireActive(), before, checkLimit(limit));
  }

  public static int checkLimit(int limit) {
    if (limit < 1 || limit > 500) {
      throw ProblemException.invalidField("limit", "limit must be between 1 and 500");
    }
    return limit;
  }
}
