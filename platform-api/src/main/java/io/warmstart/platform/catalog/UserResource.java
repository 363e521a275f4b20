package io.warmstart.platform.catalog;

import io.warmstart.platform.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warmstart.platform.catalog.CatalogRequests.Deletion;
import io.warmstart.platform.catalog.CatalogRequests.UserInput;
import io.warmstart.platform.catalog.CatalogRequests.UserView;
import io.warmstart.platform.common.BatchMode;
import io.warmstart.platform.common.BatchResult;
import io.warmstart.platform.common.Cursor;
import io.warmstart.platform.common.IngestConfig;
import io.warmstart.platform.common.JsonBatchReader;
import io.warmstart.platform.common.Page;
import io.warmstart.platform.problem.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The current tenant's users. Users seen only in events exist too, with no attributes. */
@RolesAllowed({Roles.TENANT_ADMIN, Roles.TENANT_SDK})
@Path("/v1/users")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Users")
public class UserResource {

  @Inject CatalogService catalog;
  @Inject ObjectMapper json;
  @Inject IngestConfig config;

  /** Request body shape for the OpenAPI document. */
  public record UserBatch(java.util.List<UserInput> users) {}

  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Create or replace up to 10,000 users", description = "mode=atomic (default) writes all or nothing; mode=partial writes the valid users and reports the rest.")
  @RequestBody(content = @Content(schema = @Schema(implementation = UserBatch.class)))
  public BatchResult upsertUsers(InputStream body, @QueryParam("mode") String mode) {
    BatchMode batchMode = BatchMode.parse(mode);
    var reader = new JsonBatchReader<>(json, UserInput.class, "users", config.maxBatchSize(), config.maxJsonBodyBytes());
    return catalog.upsertUsers(reader.read(body), batchMode);
  }

  @GET
  @Operation(summary = "List users in id order; q keeps those whose id contains it (case-insensitive)")
  public Page<UserView> listUsers(
      @QueryParam("q") String query, @QueryParam("after") String after, @QueryParam("limit") Integer limit) {
    return catalog.listUsers(query, after, Cursor.pageSize(limit, 100, 1000));
  }

  @GET
  @Path("{id}")
  @Operation(summary = "Get a user")
  public UserView getUser(@PathParam("id") String id) {
    return catalog.findUser(id).orElseThrow(() -> ProblemException.notFound("No user '" + id + "'"));
  }

  @DELETE
  @Path("{id}")
  @Operation(summary = "Forget a user: delete the user and all their events")
  public Deletion deleteUser(@PathParam("id") String id) {
    return catalog.deleteUser(id).orElseThrow(() -> ProblemException.notFound("No user '" + id + "'"));
  }
}
