package io.warmstart.platform.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/** Prometheus counters of what ingestion accepted, skipped as duplicate and rejected, by path. */
@ApplicationScoped
public class IngestMetrics {

  private final MeterRegistry registry;

  IngestMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void record(String path, long accepted, long duplicates, long rejected) {
    counter(path, "accepted").increment(accepted);
    counter(path, "duplicate").increment(duplicates);
    counter(path, "rejected").increment(rejected);
  }

  private Counter counter(String path, String outcome) {
    return Counter.builder("warmstart.ingest.events")
        .description("Events received by ingestion, by path (batch, import) and outcome")
        .tag("path", path)
        .tag("outcome", outcome)
        .register(registry);
  }
}
