package io.warmstart.platform.catalog;

import io.warmstart.platform.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.warmstart.platform.catalog.CatalogRequests.Deletion;
import io.warmstart.platform.catalog.CatalogRequests.ItemInput;
import io.warmstart.platform.catalog.CatalogRequests.ItemView;
import io.warmstart.platform.common.BatchMode;
import io.warmstart.platform.common.BatchResult;
import io.warmstart.platform.common.Cursor;
import io.warmstart.platform.common.IngestConfig;
import io.warmstart.platform.common.JsonBatchReader;
import io.warmstart.platform.common.Page;
import io.warmstart.platform.problem.ProblemException;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/** The current tenant's catalogue. */
@RolesAllowed({Roles.TENANT_ADMIN, Roles.TENANT_SDK})
@Path("/v1/items")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Items")
public class ItemResource {

  @Inject CatalogService catalog;
  @Inject ObjectMapper json;
  @Inject IngestConfig config;

  /** Request body shape for the OpenAPI document. */
  public record ItemBatch(java.util.List<ItemInput> items) {}

  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Create or replace up to 10,000 items", description = "mode=atomic (default) writes all or nothing; mode=partial writes the valid items and reports the rest.")
  @RequestBody(content = @Content(schema = @Schema(implementation = ItemBatch.class)))
  public BatchResult upsertItems(InputStream body, @QueryParam("mode") String mode) {
    BatchMode batchMode = BatchMode.parse(mode);
    var reader = new JsonBatchReader<>(json, ItemInput.class, "items", config.maxBatchSize(), config.maxJsonBodyBytes());
    return catalog.upsertItems(reader.read(body), batchMode);
  }

  @GET
  @Operation(summary = "List items in id order; q keeps those whose id or title contains it (case-insensitive)")
  public Page<ItemView> listItems(
      @QueryParam("q") String query, @QueryParam("after") String after, @QueryParam("limit") Integer limit) {
    return catalog.listItems(query, after, Cursor.pageSize(limit, 100, 1000));
  }

  @GET
  @Path("{id}")
  @Operation(summary = "Get an item (URL-encode ids with reserved characters)")
  public ItemView getItem(@PathParam("id") String id) {
    return catalog.findItem(id).orElseThrow(() -> ProblemException.notFound("No item '" + id + "'"));
  }

  @DELETE
  @Path("{id}")
  @Operation(summary = "Delete an item and the events that cite it")
  public Deletion deleteItem(@PathParam("id") String id) {
    return catalog.deleteItem(id).orElseThrow(() -> ProblemException.notFound("No item '" + id + "'"));
  }
}
