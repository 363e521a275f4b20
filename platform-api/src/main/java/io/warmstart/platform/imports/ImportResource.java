package io.warmstart.platform.imports;

import io.warmstart.platform.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.warmstart.platform.common.BatchMode;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Bulk imports of whole files, streamed: any size, CSV or NDJSON. */
@RolesAllowed({Roles.TENANT_ADMIN, Roles.TENANT_SDK})
@Path("/v1/imports")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({"text/csv", ImportFormat.NDJSON_TYPE, "application/jsonl"})
@Tag(name = "Imports")
public class ImportResource {

  @Inject EventImportService events;
  @Inject ItemImportService items;

  @POST
  @Path("events")
  @Operation(
      summary = "Import an event file",
      description =
          "CSV with a header (user, item, and optionally type, value, timestamp, event_id, recommendation_id, tenant) "
              + "or NDJSON of event objects. Rows without a type take defaultType. The report lists rejected rows by line. "
              + "mode=atomic (default) imports all or nothing; mode=partial imports the valid rows.")
  public ImportReport importEvents(
      InputStream body,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) MediaType contentType,
      @QueryParam("mode") String mode,
      @QueryParam("defaultType") @DefaultValue("view") String defaultType) {
    return events.importEvents(body, contentType, BatchMode.parse(mode), defaultType);
  }

  @POST
  @Path("items")
  @Operation(
      summary = "Import a catalogue file",
      description =
          "CSV with a header (id, and optionally title, categories and tags separated by |, available; other columns become attributes) "
              + "or NDJSON of item objects. mode=atomic (default) imports all or nothing; mode=partial imports the valid rows.")
  public ImportReport importItems(
      InputStream body, @HeaderParam(HttpHeaders.CONTENT_TYPE) MediaType contentType, @QueryParam("mode") String mode) {
    return items.importItems(body, contentType, BatchMode.parse(mode));
  }
}
