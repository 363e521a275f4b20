package io.warmstart.platform.ingest;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.annotation.Timed;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.warmstart.platform.common.BatchMode;
import io.warmstart.platform.common.BatchResult;
import io.warmstart.platform.common.Cursor;
import io.warmstart.platform.common.IngestConfig;
import io.warmstart.platform.common.Page;
import io.warmstart.platform.common.ValidatedBatch;
import io.warmstart.platform.ingest.EventRequests.EventInput;
import io.warmstart.platform.ingest.EventRequests.EventView;
import io.warmstart.platform.tenancy.CurrentTenant;
import io.warmstart.platform.tenant.TenantChangeTracker;
import io.warmstart.platform.tenant.TenantDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Accepts the current tenant's events and answers questions about them. */
@ApplicationScoped
public class EventIngestService {

  private static final int MAX_ATTEMPTS = 3;
  private static final String DEADLOCK = "40P01";
  private static final String SERIALIZATION_FAILURE = "40001";

  @Inject CurrentTenant currentTenant;
  @Inject TenantDirectory directory;
  @Inject AgroalDataSource dataSource;
  @Inject IngestConfig config;
  @Inject IngestMetrics metrics;
  @Inject KnownKeys knownKeys;
  @Inject TenantChangeTracker changes;
  @Inject io.warmstart.platform.quota.TenantQuotas quotas;

  /** Validates a batch, then writes it in one transaction; retried events are counted as duplicates. */
  @Timed(value = "warmstart.ingest.batch", description = "Time to validate and store one event batch")
  public BatchResult ingestEvents(List<EventInput> events, BatchMode mode) {
    String tenantId = currentTenant.requireActive();
    EventValidation validation = newValidation(tenantId);
    ValidatedBatch<ValidEvent> batch = ValidatedBatch.validate(events, "/events/", mode, validation::check);
    quotas.checkEvents(tenantId, batch.valid().size());
    int inserted = writeWithRetry(tenantId, batch.valid());
    quotas.recordEvents(tenantId, inserted);
    long duplicates = batch.valid().size() - inserted;
    if (inserted > 0) {
      changes.markChanged(tenantId);
    }
    metrics.record("batch", inserted, duplicates, batch.rejected());
    return new BatchResult(batch.received(), inserted, duplicates, batch.rejected(), batch.errors());
  }

  /** A validator bound to this tenant's event types, for one request. */
  public EventValidation newValidation(String tenantId) {
    return new EventValidation(directory.settingsOf(tenantId).acceptedEventTypes(), config);
  }

  public Optional<EventView> findEvent(String eventId) {
    currentTenant.requireActive();
    return InteractionEvent.<InteractionEvent>findByIdOptional(eventId).map(EventView::of);
  }

  /** Newest first; optionally one user's events. */
  public Page<EventView> listEvents(String userId, String after, int limit) {
    currentTenant.requireActive();
    StringBuilder query = new StringBuilder("1 = 1");
    Parameters parameters = new Parameters();
    if (userId != null) {
      query.append(" and userId = :user");
      parameters.and("user", userId);
    }
    if (after != null) {
      List<String> key = Cursor.decode(after, 2);
      Instant time = parseCursorTime(key.get(0));
      // The first condition is redundant but lets PostgreSQL start the index scan at the cursor.
      query.append(" and occurredAt <= :time and (occurredAt < :time or eventId < :id)");
      parameters.and("time", time).and("id", key.get(1));
    }
    List<InteractionEvent> rows =
        InteractionEvent.<InteractionEvent>find(
                query.toString(), Sort.descending("occurredAt", "eventId"), parameters)
            .range(0, limit - 1)
            .list();
    String next = null;
    if (rows.size() == limit) {
      InteractionEvent last = rows.get(rows.size() - 1);
      next = Cursor.encode(last.occurredAt.toString(), last.eventId);
    }
    return new Page<>(rows.stream().map(EventView::of).toList(), next);
  }

  @Transactional
  public boolean deleteEvent(String eventId) {
    changes.markChanged(currentTenant.requireActive());
    return InteractionEvent.delete("eventId = ?1", eventId) > 0;
  }

  private int writeWithRetry(String tenantId, List<ValidEvent> events) {
    EventWriter.KeysToEnsure keys = EventWriter.KeysToEnsure.of(events, knownKeys.of(tenantId));
    for (int attempt = 1; ; attempt++) {
      try {
        int inserted = QuarkusTransaction.requiringNew().call(() -> write(tenantId, events, keys));
        knownKeys.remember(tenantId, KnownKeys.Kind.USER, keys.users());
        knownKeys.remember(tenantId, KnownKeys.Kind.ITEM, keys.items());
        return inserted;
      } catch (RuntimeException e) {
        if (attempt == MAX_ATTEMPTS || !isTransient(e)) {
          throw e;
        }
      }
    }
  }

  private int write(String tenantId, List<ValidEvent> events, EventWriter.KeysToEnsure keys) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      return EventWriter.insertEvents(connection, tenantId, events, keys);
    }
  }

  private static boolean isTransient(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql
          && (DEADLOCK.equals(sql.getSQLState()) || SERIALIZATION_FAILURE.equals(sql.getSQLState()))) {
        return true;
      }
    }
    return false;
  }

  private static Instant parseCursorTime(String text) {
    try {
      return Instant.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      throw io.warmstart.platform.problem.ProblemException.invalidField("after", "The cursor is not one this API issued");
    }
  }
}
