package io.warmstart.platform.imports;

import io.warmstart.platform.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.warmstart.platform.common.BatchMode;
import io.warmstart.platform.tenancy.CurrentTenant;
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

/**
 * Bulk imports of whole files, any size, CSV or NDJSON. The file is received completely before it
 * is imported (see {@link ImportUploads}), and each tenant has a few imports in flight at most.
 */
@RolesAllowed({Roles.TENANT_ADMIN, Roles.TENANT_SDK})
@Path("/v1/imports")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({"text/csv", ImportFormat.NDJSON_TYPE, "application/jsonl"})
@Tag(name = "Imports")
public class ImportResource {

  private static final String LIMITS = "A tenant has at most a few imports in progress at once (429 with Retry-After beyond); "
      + "an upload that stops arriving is answered with 408 (warmstart.http.body-idle-timeout, 30 s by default).";

  @Inject EventImportService events;
  @Inject ItemImportService items;
  @Inject ImportUploads uploads;
  @Inject CurrentTenant currentTenant;

  @POST
  @Path("events")
  @Operation(
      summary = "Import an event file",
      description =
          "CSV with a header (user, item, and optionally type, value, timestamp, event_id, recommendation_id, tenant) "
              + "or NDJSON of event objects. Rows without a type take defaultType. The report lists rejected rows by line. "
              + "mode=atomic (default) imports all or nothing; mode=partial imports the valid rows. " + LIMITS)
  public ImportReport importEvents(
      InputStream body,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) MediaType contentType,
      @QueryParam("mode") String mode,
      @QueryParam("defaultType") @DefaultValue("view") String defaultType) {
    BatchMode batchMode = BatchMode.parse(mode);
    return uploads.receive(currentTenant.requireActive(), body, file -> events.importEvents(file, contentType, batchMode, defaultType));
  }

  @POST
  @Path("items")
  @Operation(
      summary = "Import a catalogue file",
      description =
          "CSV with a header (id, and optionally title, categories and tags separated by |, available; other columns become attributes) "
              + "or NDJSON of item objects. mode=atomic (default) imports all or nothing; mode=partial imports the valid rows. " + LIMITS)
  public ImportReport importItems(
      InputStream body, @HeaderParam(HttpHeaders.CONTENT_TYPE) MediaType contentType, @QueryParam("mode") String mode) {
    BatchMode batchMode = BatchMode.parse(mode);
    return uploads.receive(currentTenant.requireActive(), body, file -> items.importItems(file, contentType, batchMode));
  }
}
