package io.warmstart.platform.models;

import io.warmstart.platform.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.warmstart.platform.jobs.Job;
import io.warmstart.platform.jobs.JobQueue;
import io.warmstart.platform.problem.ProblemException;
import io.warmstart.platform.tenant.TenantDirectory;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operator endpoint: one job of any tenant (adaptations started by hand are followed here). */
@RolesAllowed(Roles.OPERATOR)
@Path("/v1/tenants/{id}/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Models (operator)")
public class TenantJobsResource {

  @Inject JobQueue queue;
  @Inject TenantDirectory directory;

  @GET
  @Path("{jobId}")
  @Operation(summary = "One job of a tenant")
  public Job tenantJob(@PathParam("id") String tenantId, @PathParam("jobId") long jobId) {
    TenantModelsResource.requireKnown(directory, tenantId);
    return queue.findJob(tenantId, jobId).orElseThrow(() -> ProblemException.notFound("No job " + jobId + " for tenant '" + tenantId + "'"));
  }
}
