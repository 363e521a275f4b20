package io.warmstart.platform.imports;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.warmstart.platform.common.BatchMode;
import io.warmstart.platform.common.IngestConfig;
import io.warmstart.platform.ingest.EventIngestService;
import io.warmstart.platform.ingest.EventRequests.EventInput;
import io.warmstart.platform.ingest.EventValidation;
import io.warmstart.platform.ingest.IngestMetrics;
import io.warmstart.platform.ingest.ValidEvent;
import io.warmstart.platform.problem.FieldError;
import io.warmstart.platform.problem.ProblemException;
import io.warmstart.platform.tenancy.CurrentTenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import jakarta.annotation.PreDestroy;
import org.jboss.logging.Logger;

/**
 * Bulk event import: the file is parsed and validated as it streams in, valid rows go through
 * PostgreSQL {@code COPY} into a temporary staging table, and each chunk is merged into
 * {@code events} with the same idempotency as the JSON API. One transaction covers the whole file.
 */
@ApplicationScoped
public class EventImportService {

  private static final Logger LOG = Logger.getLogger(EventImportService.class);

  static final Map<String, String> COLUMNS = columns();

  @Inject CurrentTenant currentTenant;
  @Inject io.warmstart.platform.quota.TenantQuotas quotas;
  @Inject EventIngestService ingest;
  @Inject AgroalDataSource dataSource;
  @Inject ObjectMapper json;
  @Inject IngestConfig config;
  @Inject IngestMetrics metrics;
  @Inject io.warmstart.platform.tenant.TenantChangeTracker changes;

  /** Merges staged chunks while the request thread parses the next one (see EventStaging). */
  private final ExecutorService merger = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "event-import-merge");
    thread.setDaemon(true);
    return thread;
  });

  @PreDestroy
  void stopMerger() {
    merger.shutdownNow();
  }

  public ImportReport importEvents(InputStream body, MediaType contentType, BatchMode mode, String defaultType) {
    String tenantId = currentTenant.requireActive();
    ImportFormat format = ImportFormat.of(contentType);
    EventValidation validation = ingest.newValidation(tenantId);
    // A file's size is unknown until it is read: refuse it only when today's quota is already used up.
    quotas.checkEvents(tenantId, 1);
    long started = System.nanoTime();
    try {
      ImportRows<EventInput> rows =
          ImportRows.open(body, format, json, EventInput.class, COLUMNS, List.of("userId", "itemId"), false,
              fields -> fromCsv(fields, tenantId, defaultType));
      Counts counts =
          QuarkusTransaction.requiringNew()
              .timeout((int) config.importTimeout().toSeconds())
              .call(() -> stageAndMerge(tenantId, rows, validation, format == ImportFormat.NDJSON ? defaultType : null, mode));
      metrics.record("import", counts.written, counts.duplicates, counts.rejected);
      quotas.recordEvents(tenantId, counts.written);
      changes.markChanged(tenantId);
      double seconds = (System.nanoTime() - started) / 1e9;
      LOG.infof("Tenant %s imported %d events (%d duplicates, %d rejected) in %.1f s",
          tenantId, counts.written, counts.duplicates, counts.rejected, seconds);
      return new ImportReport(counts.rows, counts.written, counts.duplicates, counts.rejected, counts.errors, seconds);
    } catch (IOException e) {
      throw new UncheckedIOException("The upload could not be read", e);
    }
  }

  private Counts stageAndMerge(
      String tenantId, ImportRows<EventInput> rows, EventValidation validation, String ndjsonDefaultType, BatchMode mode)
      throws SQLException, IOException {
    Counts counts = new Counts();
    List<FieldError> rowErrors = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        EventStaging staging = EventStaging.open(connection, tenantId, config.importChunkRows(), merger)) {
      for (ImportRows.Row<EventInput> row = rows.next(); row != null; row = rows.next()) {
        counts.rows++;
        if (row.error() != null) {
          counts.reject("line " + row.line(), row.error());
          continue;
        }
        EventInput input = ndjsonDefaultType != null && row.value().type() == null ? withType(row.value(), ndjsonDefaultType) : row.value();
        rowErrors.clear();
        ValidEvent event = validation.check(input, "line " + row.line(), rowErrors);
        if (event == null) {
          counts.reject(rowErrors);
          continue;
        }
        if (counts.rejected == 0 || mode == BatchMode.PARTIAL) {
          staging.add(event);
        }
      }
      if (counts.rejected > 0 && mode == BatchMode.ATOMIC) {
        QuarkusTransaction.setRollbackOnly();
        throw ProblemException.invalid(
            counts.rejected + " of " + counts.rows + " rows are invalid; nothing was imported (use mode=partial to import the valid rows)",
            counts.errors);
      }
      EventStaging.Totals totals = staging.finish();
      counts.written = totals.inserted();
      counts.duplicates = totals.staged() - totals.inserted();
      return counts;
    }
  }

  private static EventInput withType(EventInput input, String type) {
    return new EventInput(input.eventId(), input.userId(), input.itemId(), type, input.value(), input.timestamp(), input.recommendationId());
  }

  private static EventInput fromCsv(Map<String, String> fields, String tenantId, String defaultType) {
    String rowTenant = fields.get("tenant");
    if (rowTenant != null && !rowTenant.equals(tenantId)) {
      throw new IllegalArgumentException("belongs to tenant '" + rowTenant + "', not to '" + tenantId + "'");
    }
    String value = fields.get("value");
    return new EventInput(
        fields.get("eventId"),
        fields.get("userId"),
        fields.get("itemId"),
        fields.get("type") != null ? fields.get("type") : defaultType,
        value == null ? null : ImportRows.number("value").apply(value),
        fields.get("timestamp"),
        fields.get("recommendationId"));
  }

  private static Map<String, String> columns() {
    Map<String, String> columns = new LinkedHashMap<>();
    for (String name : List.of("event_id", "eventId", "id")) columns.put(name, "eventId");
    for (String name : List.of("user", "user_id", "userId")) columns.put(name, "userId");
    for (String name : List.of("item", "item_id", "itemId")) columns.put(name, "itemId");
    for (String name : List.of("type", "event_type", "eventType")) columns.put(name, "type");
    for (String name : List.of("value", "rating")) columns.put(name, "value");
    for (String name : List.of("timestamp", "time", "ts", "occurred_at")) columns.put(name, "timestamp");
    for (String name : List.of("recommendation_id", "recommendationId")) columns.put(name, "recommendationId");
    columns.put("tenant", "tenant");
    return columns;
  }

  /** Running totals of one import. */
  private static final class Counts {
    long rows;
    long written;
    long duplicates;
    long rejected;
    final List<FieldError> errors = new ArrayList<>();

    void reject(String pointer, String message) {
      reject(List.of(new FieldError(pointer, message)));
    }

    void reject(List<FieldError> rowErrors) {
      rejected++;
      for (FieldError error : rowErrors) {
        if (errors.size() < io.warmstart.platform.common.ValidatedBatch.MAX_REPORTED_ERRORS) {
          errors.add(error);
        }
      }
    }
  }
}
