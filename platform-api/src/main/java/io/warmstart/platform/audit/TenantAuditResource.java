package io.warmstart.platform.audit;

import io.warmstart.platform.identity.Roles;
import io.warmstart.platform.problem.ProblemException;
import io.warmstart.platform.tenant.TenantDirectory;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operator endpoint: any tenant's audit log (deleted tenants' too: the log outlives the data). */
@RolesAllowed(Roles.OPERATOR)
@Path("/v1/tenants/{id}/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit")
public class TenantAuditResource {

  @Inject AuditLog audit;
  @Inject TenantDirectory directory;

  @GET
  @Operation(summary = "A tenant's administrative actions, newest first (page with before=<entryId>)")
  public List<AuditEntry> entries(@PathParam("id") String tenantId, @QueryParam("before") Long before,
      @QueryParam("limit") @DefaultValue("50") int limit) {
    if (directory.statusOf(tenantId).isEmpty()) {
      throw ProblemException.notFound("Unknown tenant '" + tenantId + "'");
    }
    return audit.entries(tenantId, before, AuditResource.checkLimit(limit));
  }
}
