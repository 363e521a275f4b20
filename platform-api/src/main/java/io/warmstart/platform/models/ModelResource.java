package io.warmstart.platform.models;

import io.warmstart.platform.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.warmstart.platform.problem.ProblemException;
import io.warmstart.platform.tenancy.CurrentTenant;
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

/** The current tenant's model versions: what is served, what was rejected and why. */
@RolesAllowed({Roles.TENANT_ADMIN, Roles.TENANT_SDK})
@Path("/v1/models")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Models")
public class ModelResource {

  @Inject CurrentTenant currentTenant;
  @Inject ModelRegistry registry;

  @GET
  @Operation(summary = "The tenant's model versions, newest first")
  public List<TenantModel> listModels(@QueryParam("limit") @DefaultValue("20") int limit) {
    return registry.listTenantModels(currentTenant.requireActive(), MetaInitResource.checkLimit(limit));
  }

  @GET
  @Path("{version}")
  @Operation(summary = "One model version")
  public TenantModel getModel(@PathParam("version") int version) {
    return registry.findTenantModel(currentTenant.requireActive(), version)
        .orElseThrow(() -> ProblemException.notFound("No model version " + version));
  }
}
