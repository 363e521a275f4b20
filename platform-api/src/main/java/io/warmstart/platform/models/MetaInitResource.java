package io.warmstart.platform.models;

import io.warmstart.platform.identity.Roles;
import io.warmstart.platform.audit.AuditLog;
import jakarta.annotation.security.RolesAllowed;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.warmstart.platform.jobs.Job;
import io.warmstart.platform.jobs.JobQueue;
import io.warmstart.platform.models.ModelRequests.StartMetaTraining;
import io.warmstart.platform.problem.ProblemException;
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

/** Operator endpoints: meta-training across the tenants that opted in, and its versions. */
@RolesAllowed(Roles.OPERATOR)
@Path("/v1/meta-inits")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Models (operator)")
public class MetaInitResource {

  @Inject ModelRegistry registry;
  @Inject AuditLog audit;
  @Inject JobQueue queue;
  @Inject ObjectMapper json;
  @Inject MetaTrainJobHandler metaTrainer;

  @GET
  @Operation(summary = "Meta-init versions, newest first")
  public List<MetaInit> listMetaInits(@QueryParam("limit") @DefaultValue("20") int limit) {
    return registry.listMetaInits(checkLimit(limit));
  }

  @GET
  @Path("{version}")
  @Operation(summary = "One meta-init version")
  public MetaInit getMetaInit(@PathParam("version") int version) {
    return registry.findMetaInit(version).orElseThrow(() -> ProblemException.notFound("No meta-init version " + version));
  }

  @POST
  @Path("train")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Meta-train over the tenants that opted in (202: the job, its URL in Location; it joins a run already "
      + "queued; 409 when no tenant can be learnt from yet)")
  public Response metaTrain(@Valid StartMetaTraining request) {
    // Said now, not only in a job that "succeeds" by skipping: the caller sees why nothing will run.
    if (eligibleTenants().isEmpty()) {
      throw ProblemException.conflict("Nothing to meta-train on yet: " + metaTrainer.nothingToLearnFrom() + ".");
    }
    ObjectNode payload = json.createObjectNode().put("trigger", "operator");
    if (request != null) {
      if (request.algorithm() != null) {
        payload.put("algorithm", request.algorithm());
      }
      if (request.maxSeconds() != null) {
        payload.put("maxSeconds", request.maxSeconds());
      }
      if (request.maxSteps() != null) {
        payload.put("maxSteps", request.maxSteps());
      }
    }
    Job job = queue.enqueue(JobQueue.PLATFORM, MetaTrainJobHandler.KIND, payload.toString());
    audit.record(JobQueue.PLATFORM, "meta-init.train", java.util.Map.of("jobId", job.jobId(), "request", payload.toString()));
    return Response.accepted(job).location(java.net.URI.create("/v1/meta-inits/jobs/" + job.jobId())).build();
  }

  @GET
  @Path("jobs/{jobId}")
  @Operation(summary = "One meta-training job")
  public Job metaTrainJob(@PathParam("jobId") long jobId) {
    return queue.findJob(JobQueue.PLATFORM, jobId).orElseThrow(() -> ProblemException.notFound("No meta-training job " + jobId));
  }

  private java.util.List<String> eligibleTenants() {
    try {
      return metaTrainer.sharingTenants();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("Could not find the tenants to meta-train on", e);
    }
  }

  static int checkLimit(int limit) {
    if (limit < 1 || limit > 200) {
      throw ProblemException.invalidField("limit", "limit must be between 1 and 200");
    }
    return limit;
  }
}
