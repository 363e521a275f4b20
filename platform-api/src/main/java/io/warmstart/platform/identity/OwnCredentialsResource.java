package io.warmstart.platform.identity;

import io.warmstart.platform.identity.TenantIdentity.ApiCredential;
import io.warmstart.platform.tenancy.CurrentTenant;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A tenant admin's own API credentials. Only people (tenant-admin) manage them: an SDK client
 * cannot mint or rotate credentials, so a leaked backend secret cannot entrench itself.
 */
@RolesAllowed(Roles.TENANT_ADMIN)
@Path("/v1/credentials")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "API credentials")
public class OwnCredentialsResource {

  @Inject CurrentTenant currentTenant;
  @Inject ApiCredentials credentials;

  @GET
  @Operation(summary = "The tenant's API credentials (client ids; a secret is shown only when created or rotated)")
  public List<ApiCredential> list() {
    return credentials.list(currentTenant.requireActive());
  }

  @POST
  @Operation(summary = "Create another API credential, e.g. one per backend (201 with the secret, shown once)")
  public Response create() {
    String tenantId = currentTenant.requireActive();
    ApiCredential created = credentials.create(tenantId);
    return Response.status(Response.Status.CREATED).entity(created).build();
  }

  @POST
  @Path("{clientId}/rotate")
  @Operation(summary = "Replace a credential's secret: the old one stops working at once, the new one is shown once")
  public ApiCredential rotate(@PathParam("clientId") String clientId) {
    String tenantId = currentTenant.requireActive();
    return credentials.rotate(tenantId, clientId);
  }

  @DELETE
  @Path("{clientId}")
  @Operation(summary = "Revoke a credential: no new tokens (tokens already issued expire within their lifespan)")
  public Response revoke(@PathParam("clientId") String clientId) {
    String tenantId = currentTenant.requireActive();
    credentials.revoke(tenantId, clientId);
    return Response.noContent().build();
  }
}
