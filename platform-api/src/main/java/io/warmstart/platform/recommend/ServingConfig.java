package io.warmstart.platform.recommend;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How recommendations are served. */
@ConfigMapping(prefix = "warmstart.serving")
public interface ServingConfig {

  /** How old a tenant's in-memory serving snapshot may get before it is rebuilt in the background. */
  @WithDefault("PT30S")
  Duration refreshInterval();

  /**
   * How often a replica re-checks, on a tenant's requests, whether the promoted model changed. A
   * safety net only: promotions reach every replica at once through PostgreSQL NOTIFY.
   */
  @WithDefault("PT30S")
  Duration modelRecheckInterval();

  /** How often tenants' data changes are recorded for other replicas (TenantChangeTracker). */
  @WithDefault("PT1S")
  Duration changeFlushInterval();

  /**
   * Half-life of an event's weight in popularity (e.g. P14D: recent interest counts more); unset, an
   * event counts the same however old. Unset by default: measured under protocol v3, a 14-day
   * half-life served 0.73x the NDCG@10 of plain counts to tenants at 100 events and 0.57x at 500
   * (MovieLens, whose tenants' first events span months), see docs/serving.md.
   */
  java.util.Optional<Duration> popularityHalfLife();

  /** Most recent interactions per user kept for exclusion and personalisation. */
  @WithDefault("200")
  int maxHistory();

  /** Users sampled per item when scoring co-occurrence, bounding the cost of very popular items. */
  @WithDefault("400")
  int maxUsersPerItem();

  /** Largest {@code count} a request may ask for, and largest offset + count. */
  @WithDefault("100")
  int maxCount();

  @WithDefault("1000")
  int maxDepth();

  /**
   * Catalogues of at least this many items get an approximate item index (HNSW) when their model
   * is promoted, and requests score its candidates instead of every item; smaller ones are scored
   * whole, which measured as fast. 0 turns the index off. See docs/benchmarks.md (Serving).
   */
  @WithDefault("20000")
  int indexMinItems();

  /**
   * Candidates a request takes from the item index, and from the popular head beside it, before
   * scoring them exactly (at least twice the page depth plus the user's history).
   */
  @WithDefault("200")
  int indexCandidates();

  /**
   * Answers a request on the I/O thread that read it when everything it needs is in memory (the
   * tenant's status, snapshot and model), skipping the hand-over to a worker thread and back; any
   * request that would wait on the database goes to a worker as before. false: every request on a
   * worker. See docs/benchmarks.md (Serving).
   */
  @WithDefault("true")
  boolean answerOnIoThread();
}
