package io.warmstart.platform.jobs;

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

/** The current tenant's trainer jobs (adaptations) and their progress. */
@RolesAllowed({Roles.TENANT_ADMIN, Roles.TENANT_SDK})
@Path("/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Jobs")
public class JobResource {

  @Inject CurrentTenant currentTenant;
  @Inject JobQueue queue;

  @GET
  @Operation(summary = "The tenant's jobs, newest first")
  public List<Job> listJobs(@QueryParam("limit") @DefaultValue("20") int limit) {
    if (limit < 1 || limit > 200) {
      throw ProblemException.invalidField("limit", "limit must be between 1 and 200");
    }
    return queue.listJobs(currentTenant.requireActive(), limit);
  }

  @GET
  @Path("{jobId}")
  @Operation(summary = "One job")
  public Job getJob(@PathParam("jobId") long jobId) {
    return queue.findJob(currentTenant.requireActive(), jobId).orElseThrow(() -> ProblemException.notFound("No job " + jobId));
  }
}
