package io.warmstart.platform.imports;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.warmstart.platform.catalog.CatalogRequests.ItemInput;
import io.warmstart.platform.catalog.CatalogService;
import io.warmstart.platform.catalog.CatalogValidation;
import io.warmstart.platform.common.BatchMode;
import io.warmstart.platform.common.IngestConfig;
import io.warmstart.platform.common.ValidatedBatch;
import io.warmstart.platform.problem.FieldError;
import io.warmstart.platform.problem.ProblemException;
import io.warmstart.platform.tenancy.CurrentTenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Bulk catalogue import. CSV columns: id, title, categories and tags ({@code |}-separated),
 * available; any other column becomes a string attribute. Items are upserted in chunks inside one
 * transaction, so an atomic import that finds a bad row leaves the catalogue as it was.
 */
@ApplicationScoped
public class ItemImportService {

  private static final int CHUNK = 5000;
  private static final Map<String, String> COLUMNS = columns();

  @Inject CurrentTenant currentTenant;
  @Inject CatalogService catalog;
  @Inject CatalogValidation validation;
  @Inject ObjectMapper json;
  @Inject IngestConfig config;

  public ImportReport importItems(InputStream body, MediaType contentType, BatchMode mode) {
    String tenantId = currentTenant.requireActive();
    ImportFormat format = ImportFormat.of(contentType);
    long started = System.nanoTime();
    try {
      ImportRows<ItemInput> rows =
          ImportRows.open(body, format, json, ItemInput.class, COLUMNS, List.of("id"), true,
              fields -> fromCsv(fields, tenantId));
      ImportReport report =
          QuarkusTransaction.requiringNew()
              .timeout((int) config.importTimeout().toSeconds())
              .call(() -> upsertAll(tenantId, rows, mode));
      return new ImportReport(
          report.rows(), report.written(), 0, report.rejected(), report.errors(), (System.nanoTime() - started) / 1e9);
    } catch (IOException e) {
      throw new UncheckedIOException("The upload could not be read", e);
    }
  }

  private ImportReport upsertAll(String tenantId, ImportRows<ItemInput> rows, BatchMode mode) throws IOException {
    List<FieldError> errors = new ArrayList<>();
    long count = 0;
    long written = 0;
    long rejected = 0;
    Map<String, ItemInput> chunk = new TreeMap<>();
    List<FieldError> rowErrors = new ArrayList<>();
    for (ImportRows.Row<ItemInput> row = rows.next(); row != null; row = rows.next()) {
      count++;
      rowErrors.clear();
      if (row.error() != null) {
        rowErrors.add(new FieldError("line " + row.line(), row.error()));
      } else {
        validation.checkItem(row.value(), "line " + row.line(), rowErrors);
      }
      if (!rowErrors.isEmpty()) {
        rejected++;
        rowErrors.stream().limit(ValidatedBatch.MAX_REPORTED_ERRORS - errors.size()).forEach(errors::add);
        continue;
      }
      if (rejected > 0 && mode == BatchMode.ATOMIC) {
        continue;
      }
      chunk.put(row.value().id(), row.value());
      if (chunk.size() == CHUNK) {
        written += catalog.writeItems(tenantId, chunk.values());
        chunk.clear();
      }
    }
    if (rejected > 0 && mode == BatchMode.ATOMIC) {
      throw ProblemException.invalid(
          rejected + " of " + count + " rows are invalid; nothing was imported (use mode=partial to import the valid rows)",
          List.copyOf(errors));
    }
    written += catalog.writeItems(tenantId, chunk.values());
    return new ImportReport(count, written, 0, rejected, errors, 0);
  }

  private static ItemInput fromCsv(Map<String, String> fields, String tenantId) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    String rowTenant = null;
    for (Map.Entry<String, String> field : fields.entrySet()) {
      switch (field.getKey()) {
        case "id", "title", "categories", "tags", "available" -> {}
        case "tenant" -> rowTenant = field.getValue();
        default -> {
          if (field.getValue() != null) {
            attributes.put(field.getKey(), field.getValue());
          }
        }
      }
    }
    if (rowTenant != null && !rowTenant.equals(tenantId)) {
      throw new IllegalArgumentException("belongs to tenant '" + rowTenant + "', not to '" + tenantId + "'");
    }
    return new ItemInput(
        fields.get("id"),
        fields.get("title"),
        labels(fields.get("categories")),
        labels(fields.get("tags")),
        attributes.isEmpty() ? null : attributes,
        available(fields.get("available")));
  }

  private static List<String> labels(String text) {
    return text == null ? null : Arrays.stream(text.split("\\|")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  private static Boolean available(String text) {
    if (text == null) {
      return null;
    }
    return switch (text.strip().toLowerCase()) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw new IllegalArgumentException("available '" + text + "' is not true or false");
    };
  }

  private static Map<String, String> columns() {
    Map<String, String> columns = new LinkedHashMap<>();
    for (String name : List.of("id", "item", "item_id", "itemId")) columns.put(name, "id");
    for (String name : List.of("title", "categories", "tags", "available", "tenant")) columns.put(name, name);
    return columns;
  }
}
