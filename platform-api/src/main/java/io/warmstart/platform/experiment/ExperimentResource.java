package io.warmstart.platform.experiment;

import io.warmstart.platform.experiment.ExperimentViews.CreateExperiment;
import io.warmstart.platform.experiment.ExperimentViews.Experiment;
import io.warmstart.platform.experiment.ExperimentViews.ExperimentList;
import io.warmstart.platform.identity.Roles;
import io.warmstart.platform.tenancy.CurrentTenant;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The current tenant's online experiments (docs/experiments.md). */
@RolesAllowed({Roles.TENANT_ADMIN, Roles.TENANT_SDK})
@Path("/v1/experiments")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Experiments")
public class ExperimentResource {

  @Inject ExperimentService experiments;
  @Inject CurrentTenant currentTenant;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Create an experiment between two rankers (a draft: start it to take traffic)")
  public Response create(CreateExperiment request) {
    Experiment created = experiments.create(currentTenant.requireActive(), request);
    return Response.created(URI.create("/v1/experiments/" + created.id())).entity(created).build();
  }

  @GET
  @Operation(summary = "The tenant's experiments, newest first, with their results")
  public ExperimentList list() {
    return new ExperimentList(experiments.list(currentTenant.requireActive()));
  }

  @GET
  @Path("{id}")
  @Operation(summary = "One experiment with its results so far")
  public Experiment get(@PathParam("id") long id) {
    return experiments.get(currentTenant.requireActive(), id);
  }

  @POST
  @Path("{id}/start")
  @Operation(summary = "Start a draft (409 when another experiment runs on the same surface)")
  public Experiment start(@PathParam("id") long id) {
    return experiments.start(currentTenant.requireActive(), id);
  }

  @POST
  @Path("{id}/stop")
  @Operation(summary = "Stop a running experiment; its results stay readable")
  public Experiment stop(@PathParam("id") long id) {
    return experiments.stop(currentTenant.requireActive(), id);
  }
}
