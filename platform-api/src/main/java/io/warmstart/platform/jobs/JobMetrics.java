package io.warmstart.platform.jobs;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Gauges of the job queue, for alerts (jobs waiting too long) and dashboards: how many open jobs there
 * are per kind and status, and how long the oldest runnable job of each kind has waited. In Prometheus:
 * {@code warmstart_jobs{kind,status}} and {@code warmstart_jobs_oldest_queued_age_seconds{kind}}.
 *
 * <p>The numbers come from one grouped query over the open jobs every
 * {@link JobsConfig#metricsInterval()}, not from counting in the workers: the queue is shared by every
 * process, so only the database knows it, and a worker that died cannot report its own jobs. The query
 * reads only open jobs (the partial index {@code jobs_open}), holds its connection for that one
 * statement, and gives up after a few seconds. Finished jobs are not counted: they grow without bound,
 * and what they say (succeeded or failed) is in the workers' logs. Every replica publishes the same
 * values; alerts aggregate them with {@code max}.
 */
@ApplicationScoped
public class JobMetrics {

  private static final Logger LOG = Logger.getLogger(JobMetrics.class);
  /** The kinds the platform queues: published from the start (as 0), so that "no job" is a value, not an absent series. */
  static final List<String> KNOWN_KINDS = List.of("adapt", "meta-train");
  /** The open statuses, as the {@code status} label spells them. */
  static final List<String> OPEN_STATUSES = List.of("queued", "running");
  private static final int QUERY_TIMEOUT_SECONDS = 5;

  /**
   * Per kind and open status: the count; per kind, the age of the oldest QUEUED job whose
   * {@code run_after} has passed (a job waiting for its retry back-off is not waiting for a worker).
   * A job left RUNNING by a dead worker is runnable too, but counted as running: its age shows in the
   * job's own record, and the worker drain releases jobs on a clean stop.
   */
  private static final String QUERY = """
      SELECT kind, status, count(*),
             coalesce(extract(epoch FROM now() - min(run_after) FILTER (WHERE run_after <= now())), 0)
      FROM jobs WHERE status IN ('QUEUED', 'RUNNING') GROUP BY kind, status""";

  @Inject AgroalDataSource dataSource;
  @Inject MeterRegistry registry;

  private final Map<String, AtomicReference<Double>> counts = new ConcurrentHashMap<>();
  private final Map<String, AtomicReference<Double>> oldestQueuedAge = new ConcurrentHashMap<>();
  private volatile boolean lastRefreshFailed;

  @Scheduled(identity = "job-metrics", every = "${warmstart.jobs.metrics-interval}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduledRefresh() {
    refresh();
  }

  /** Counts the open jobs once; on a database error the previous values stay (the outage has its own alerts). */
  public void refresh() {
    Map<String, Double> newCounts = new HashMap<>();
    Map<String, Double> newAges = new HashMap<>();
    for (String kind : KNOWN_KINDS) {
      OPEN_STATUSES.forEach(status -> newCounts.put(key(kind, status), 0.0));
      newAges.put(kind, 0.0);
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(QUERY)) {
      query.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          String kind = rows.getString(1);
          String status = rows.getString(2).toLowerCase();
          newCounts.put(key(kind, status), (double) rows.getLong(3));
          if (status.equals("queued")) {
            newAges.put(kind, rows.getDouble(4));
          } else {
            newAges.putIfAbsent(kind, 0.0);
          }
        }
      }
    } catch (SQLException e) {
      if (!lastRefreshFailed) {
        LOG.warnf("Could not count the open jobs for the job metrics (keeping the previous values): %s", e.getMessage());
      }
      lastRefreshFailed = true;
      return;
    }
    lastRefreshFailed = false;
    // Every kind seen gets every open status, so "none running" reads 0 rather than no series.
    newAges.keySet().forEach(kind -> OPEN_STATUSES.forEach(status -> newCounts.putIfAbsent(key(kind, status), 0.0)));
    // Series that disappeared from the result (their last job finished) drop to 0 instead of keeping a stale count.
    counts.keySet().forEach(k -> newCounts.putIfAbsent(k, 0.0));
    oldestQueuedAge.keySet().forEach(k -> newAges.putIfAbsent(k, 0.0));
    newCounts.forEach((key, value) -> counts.computeIfAbsent(key, this::registerCount).set(value));
    newAges.forEach((kind, value) -> oldestQueuedAge.computeIfAbsent(kind, this::registerAge).set(value));
  }

  private static String key(String kind, String status) {
    return kind + "\u0000" + status;
  }

  private AtomicReference<Double> registerCount(String key) {
    String[] parts = key.split("\u0000", 2);
    AtomicReference<Double> value = new AtomicReference<>(0.0);
    Gauge.builder("warmstart.jobs", value, AtomicReference::get)
        .description("Open jobs in the shared queue, by kind and status (queued includes jobs waiting for a retry)")
        .tag("kind", parts[0])
        .tag("status", parts[1])
        .register(registry);
    return value;
  }

  private AtomicReference<Double> registerAge(String kind) {
    AtomicReference<Double> value = new AtomicReference<>(0.0);
    Gauge.builder("warmstart.jobs.oldest.queued.age", value, AtomicReference::get)
        .description("How long the oldest runnable queued job of this kind has waited for a worker (0: none waits)")
        .baseUnit("seconds")
        .tag("kind", kind)
        .register(registry);
    return value;
  }
}
