package io.warmstart.platform.identity;

import io.warmstart.platform.identity.IdentityRequests.InviteAdmin;
import io.warmstart.platform.identity.TenantIdentity.InvitedAdmin;
import io.warmstart.platform.tenant.TenantDirectory;
import io.warmstart.platform.audit.AuditLog;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operator endpoint: invite a person to administer a tenant (a member of its Keycloak organisation). */
@RolesAllowed(Roles.OPERATOR)
@Path("/v1/tenants/{id}/admins")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Identity (operator)")
public class TenantAdminsResource {

  @Inject TenantIdentity identity;
  @Inject AuditLog audit;
  @Inject TenantDirectory directory;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Invite a tenant admin (201 with a temporary password to change at first sign-in)")
  public Response inviteAdmin(@PathParam("id") String tenantId, @Valid @NotNull InviteAdmin request) {
    TenantCredentialsResource.requireActive(directory, tenantId);
    InvitedAdmin invited = identity.inviteAdmin(tenantId, request.email().trim().toLowerCase(), request.firstName(), request.lastName());
    audit.record(tenantId, "admin.invite", java.util.Map.of("username", invited.username()));
    return Response.status(201).entity(invited).build();
  }

}
