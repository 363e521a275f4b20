package io.warmstart.platform.models;

import io.warmstart.platform.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.warmstart.platform.problem.ProblemException;
import io.warmstart.platform.tenancy.CurrentTenant;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.Response;
import jakarta.validation.Valid;
import io.warmstart.platform.jobs.Job;
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
  @Inject AdaptationRequests adaptations;

  @GET
  @Operation(summary = "The tenant's model versions, newest first")
  public List<TenantModel> listModels(@QueryParam("limit") @DefaultValue("20") int limit) {
    return registry.listTenantModels(currentTenant.requireActive(), MetaInitResource.checkLimit(limit));
  }

  @POST
  @Path("adapt")
  @RolesAllowed(Roles.TENANT_ADMIN)
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Re-adapt the tenant's model now (tenant admins; 202: the job, whose progress /v1/jobs/{jobId} shows; it joins an adaptation already queued)")
  public Response adapt(@Valid ModelRequests.StartAdaptation request) {
    Job job = adaptations.requestAdaptation(currentTenant.requireActive(), request == null ? null : request.maxSteps(), "tenant-admin");
    return Response.accepted(job).build();
  }

  @GET
  @Path("{version}")
  @Operation(summary = "One model version")
  public TenantModel getModel(@PathParam("version") int version) {
    return registry.findTenantModel(currentTenant.requireActive(), version)
        .orElseThrow(() -> ProblemException.notFound("No model version " + version));
  }
}
