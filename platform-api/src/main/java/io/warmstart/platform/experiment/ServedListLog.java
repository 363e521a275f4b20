package io.warmstart.platform.experiment;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import org.jboss.logging.Logger;

/**
 * The lists served inside experiments, on their way to {@code experiment_lists}. A request only
 * queues its list in memory; a scheduled flush writes the queue in one transaction per batch and
 * counts each experiment's impressions, stopping an experiment that reached its limit (so an
 * experiment may overshoot by one flush interval of traffic). While the database is away the queue
 * keeps up to {@link ExperimentsConfig#logCapacity()} lists and drops, and counts, the rest:
 * a lost list costs an experiment a little evidence, never a request its answer.
 */
@ApplicationScoped
public class ServedListLog {

  private static final Logger LOG = Logger.getLogger(ServedListLog.class);
  private static final int BATCH = 2000;

  /**
   * @param arm {@link RunningExperiment#INTERLEAVED}, {@link RunningExperiment#CONTROL} or {@link RunningExperiment#TREATMENT}
   * @param controlItems the items control placed (the whole list in the control arm of an A/B split)
   */
  public record ServedList(
      String tenantId, String recommendationId, long experimentId, String userId, char arm,
      String[] controlItems, String[] treatmentItems, Instant servedAt) {}

  @Inject AgroalDataSource dataSource;
  @Inject ExperimentsConfig config;
  @Inject RunningExperiments running;
  @Inject MeterRegistry meters;

  private ArrayBlockingQueue<ServedList> queue;
  private Counter dropped;
  private volatile boolean lastFlushFailed;

  @PostConstruct
  void init() {
    queue = new ArrayBlockingQueue<>(config.logCapacity());
    dropped = Counter.builder("warmstart.experiment.lists.dropped")
        .description("Lists served inside experiments that could not be kept for their results (the database was away too long)")
        .register(meters);
    Gauge.builder("warmstart.experiment.lists.queued", queue, ArrayBlockingQueue::size)
        .description("Lists served inside experiments waiting to be written")
        .register(meters);
  }

  public void add(ServedList list) {
    if (!queue.offer(list)) {
      dropped.increment();
    }
  }

  @Scheduled(every = "${warmstart.experiments.log-flush-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void flush() {
    List<ServedList> batch = new ArrayList<>(BATCH);
    while (queue.drainTo(batch, BATCH) > 0) {
      try {
        write(batch);
        if (lastFlushFailed) {
          LOG.info("Experiment lists are written again");
          lastFlushFailed = false;
        }
      } catch (SQLException | RuntimeException e) {
        if (!lastFlushFailed) {
          LOG.warnf("Could not write %d experiment lists; keeping them for the next try: %s", batch.size(), e.getMessage());
          lastFlushFailed = true;
        }
        batch.forEach(this::add);
        return;
      }
      batch.clear();
    }
  }

  @PreDestroy
  void flushOnStop() {
    flush();
  }

  /** Lists queued and not yet written (tests wait on it). */
  int queued() {
    return queue.size();
  }

  private void write(List<ServedList> batch) throws SQLException {
    List<ExperimentKey> stopped = new ArrayList<>();
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try {
        Map<ExperimentKey, Long> served = insert(connection, batch);
        for (Map.Entry<ExperimentKey, Long> counted : served.entrySet()) {
          if (countAndMaybeStop(connection, counted.getKey(), counted.getValue())) {
            stopped.add(counted.getKey());
          }
        }
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    }
    stopped.forEach(key -> running.remove(key.tenantId(), key.experimentId()));
  }

  private record ExperimentKey(String tenantId, long experimentId) {}

  /** Inserts the lists whose experiment still exists (a purged tenant's lists are dropped); counts the inserted ones per experiment. */
  private static Map<ExperimentKey, Long> insert(Connection connection, List<ServedList> batch) throws SQLException {
    Map<ExperimentKey, Long> inserted = new LinkedHashMap<>();
    try (PreparedStatement insert = connection.prepareStatement("""
        INSERT INTO experiment_lists (tenant_id, recommendation_id, experiment_id, user_id, arm, control_items, treatment_items, served_at)
        SELECT ?, ?, ?, ?, ?, ?, ?, ?
        WHERE EXISTS (SELECT 1 FROM experiments WHERE tenant_id = ? AND experiment_id = ?)
        ON CONFLICT DO NOTHING""")) {
      for (ServedList list : batch) {
        insert.setString(1, list.tenantId());
        insert.setString(2, list.recommendationId());
        insert.setLong(3, list.experimentId());
        insert.setString(4, list.userId());
        insert.setString(5, String.valueOf(list.arm()));
        insert.setArray(6, connection.createArrayOf("text", list.controlItems()));
        insert.setArray(7, connection.createArrayOf("text", list.treatmentItems()));
        insert.setTimestamp(8, Timestamp.from(list.servedAt()));
        insert.setString(9, list.tenantId());
        insert.setLong(10, list.experimentId());
        insert.addBatch();
      }
      int[] counts = insert.executeBatch();
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] > 0 || counts[i] == java.sql.Statement.SUCCESS_NO_INFO) {
          inserted.merge(new ExperimentKey(batch.get(i).tenantId(), batch.get(i).experimentId()), 1L, Long::sum);
        }
      }
    }
    return inserted;
  }

  /** Adds the served lists to the experiment's count; true when that count reached its limit and stopped it now. */
  private static boolean countAndMaybeStop(Connection connection, ExperimentKey key, long lists) throws SQLException {
    long impressions;
    long max;
    String status;
    try (PreparedStatement count = connection.prepareStatement(
        "UPDATE experiments SET impressions = impressions + ? WHERE tenant_id = ? AND experiment_id = ? "
            + "RETURNING impressions, max_impressions, status")) {
      count.setLong(1, lists);
      count.setString(2, key.tenantId());
      count.setLong(3, key.experimentId());
      try (ResultSet row = count.executeQuery()) {
        if (!row.next()) {
          return false;
        }
        impressions = row.getLong(1);
        max = row.getLong(2);
        status = row.getString(3);
      }
    }
    if (impressions < max || !"running".equals(status)) {
      return false;
    }
    try (PreparedStatement stop = connection.prepareStatement(
        "UPDATE experiments SET status = 'stopped', stopped_at = now(), stop_reason = ? "
            + "WHERE tenant_id = ? AND experiment_id = ? AND status = 'running'")) {
      stop.setString(1, "reached its limit of " + max + " impressions");
      stop.setString(2, key.tenantId());
      stop.setLong(3, key.experimentId());
      return stop.executeUpdate() == 1;
    }
  }
}
