package io.warmstart.platform.ingest;

import io.warmstart.platform.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warmstart.platform.common.BatchMode;
import io.warmstart.platform.common.BatchResult;
import io.warmstart.platform.common.Cursor;
import io.warmstart.platform.common.IngestConfig;
import io.warmstart.platform.common.JsonBatchReader;
import io.warmstart.platform.common.Page;
import io.warmstart.platform.ingest.EventRequests.EventBatch;
import io.warmstart.platform.ingest.EventRequests.EventInput;
import io.warmstart.platform.ingest.EventRequests.EventView;
import io.warmstart.platform.problem.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The current tenant's interaction events. */
@RolesAllowed({Roles.TENANT_ADMIN, Roles.TENANT_SDK})
@Path("/v1/events")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Events")
public class EventResource {

  @Inject EventIngestService ingest;
  @Inject ObjectMapper json;
  @Inject IngestConfig config;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Record up to 10,000 events",
      description =
          "Idempotent per eventId: a retried batch stores nothing twice and reports the repeats as duplicates. "
              + "Events for unknown items or users create them (items as placeholders until the catalogue names them). "
              + "mode=atomic (default) writes all or nothing; mode=partial writes the valid events and reports the rest.")
  @RequestBody(content = @Content(schema = @Schema(implementation = EventBatch.class)))
  public BatchResult ingestEvents(InputStream body, @QueryParam("mode") String mode) {
    BatchMode batchMode = BatchMode.parse(mode);
    var reader = new JsonBatchReader<>(json, EventInput.class, "events", config.maxBatchSize(), config.maxJsonBodyBytes());
    return ingest.ingestEvents(reader.read(body), batchMode);
  }

  @GET
  @Operation(summary = "List events, newest first, optionally of one user")
  public Page<EventView> listEvents(
      @QueryParam("userId") String userId, @QueryParam("after") String after, @QueryParam("limit") Integer limit) {
    return ingest.listEvents(userId, after, Cursor.pageSize(limit, 100, 1000));
  }

  @GET
  @Path("{eventId}")
  @Operation(summary = "Get an event")
  public EventView getEvent(@PathParam("eventId") String eventId) {
    return ingest.findEvent(eventId).orElseThrow(() -> ProblemException.notFound("No event '" + eventId + "'"));
  }

  @DELETE
  @Path("{eventId}")
  @Operation(summary = "Delete an event")
  public Response deleteEvent(@PathParam("eventId") String eventId) {
    if (!ingest.deleteEvent(eventId)) {
      throw ProblemException.notFound("No event '" + eventId + "'");
    }
    return Response.noContent().build();
  }
}
