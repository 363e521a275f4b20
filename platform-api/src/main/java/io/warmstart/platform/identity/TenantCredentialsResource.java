package io.warmstart.platform.identity;

import io.warmstart.platform.identity.TenantIdentity.ApiCredential;
import io.warmstart.platform.problem.ProblemException;
import io.warmstart.platform.tenant.TenantDirectory;
import io.warmstart.platform.tenant.TenantStatus;
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

/** Operator endpoints: a tenant's API credentials (confidential Keycloak clients, one per backend). */
@RolesAllowed(Roles.OPERATOR)
@Path("/v1/tenants/{id}/credentials")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Identity (operator)")
public class TenantCredentialsResource {

  @Inject ApiCredentials credentials;
  @Inject TenantDirectory directory;

  @GET
  @Operation(summary = "The tenant's API credentials (client ids; secrets are shown only when created or rotated)")
  public List<ApiCredential> listCredentials(@PathParam("id") String tenantId) {
    requireActive(directory, tenantId);
    return credentials.list(tenantId);
  }

  @POST
  @Operation(summary = "Create further API credentials for the tenant (201 with the secret, shown once)")
  public Response createCredential(@PathParam("id") String tenantId) {
    requireActive(directory, tenantId);
    ApiCredential created = credentials.create(tenantId);
    return Response.status(201).entity(created).build();
  }

  @POST
  @Path("{clientId}/rotate")
  @Operation(summary = "Replace a credential's secret (the old one stops working at once)")
  public ApiCredential rotate(@PathParam("id") String tenantId, @PathParam("clientId") String clientId) {
    requireActive(directory, tenantId);
    return credentials.rotate(tenantId, clientId);
  }

  @DELETE
  @Path("{clientId}")
  @Operation(summary = "Revoke a credential: no new tokens (tokens already issued expire within their lifespan)")
  public Response revoke(@PathParam("id") String tenantId, @PathParam("clientId") String clientId) {
    requireActive(directory, tenantId);
    credentials.revoke(tenantId, clientId);
    return Response.noContent().build();
  }

  static void requireActive(TenantDirectory directory, String tenantId) {
    if (directory.statusOf(tenantId).orElse(TenantStatus.DELETED) == TenantStatus.DELETED) {
      throw ProblemException.notFound("Unknown tenant '" + tenantId + "'");
    }
  }
}
