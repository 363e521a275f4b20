package io.warmstart.platform.models;

import io.warmstart.platform.identity.Roles;
import io.warmstart.platform.audit.AuditLog;
import jakarta.annotation.security.RolesAllowed;
import io.warmstart.platform.jobs.Job;
import io.warmstart.platform.models.ModelRequests.StartAdaptation;
import io.warmstart.platform.problem.ProblemException;
import io.warmstart.platform.tenant.TenantDirectory;
import io.warmstart.platform.tenant.TenantStatus;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operator endpoints: any tenant's model versions, and adapting it on request. */
@RolesAllowed(Roles.OPERATOR)
@Path("/v1/tenants/{id}/models")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Models (operator)")
public class TenantModelsResource {

  @Inject ModelRegistry registry;
  @Inject AuditLog audit;
  @Inject AdaptationRequests adaptations;
  @Inject TenantDirectory directory;

  @GET
  @Operation(summary = "A tenant's model versions, newest first")
  public List<TenantModel> listTenantModels(@PathParam("id") String tenantId, @QueryParam("limit") @DefaultValue("20") int limit) {
    requireKnown(directory, tenantId);
    return registry.listTenantModels(tenantId, MetaInitResource.checkLimit(limit));
  }

  @POST
  @Path("adapt")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Adapt the promoted meta-init to a tenant now (202: the job; it joins an adaptation already queued)")
  public Response adapt(@PathParam("id") String tenantId, @Valid StartAdaptation request) {
    if (directory.statusOf(tenantId).orElse(TenantStatus.DELETED) != TenantStatus.ACTIVE) {
      requireKnown(directory, tenantId);
      throw ProblemException.conflict("Tenant '" + tenantId + "' is suspended: resume it before adapting");
    }
    Job job = adaptations.requestAdaptation(tenantId, request == null ? null : request.maxSteps(), "operator");
    return Response.accepted(job).build();
  }

  static void requireKnown(TenantDirectory directory, String tenantId) {
    if (directory.statusOf(tenantId).orElse(TenantStatus.DELETED) == TenantStatus.DELETED) {
      throw ProblemException.notFound("Unknown tenant '" + tenantId + "'");
    }
  }
}
