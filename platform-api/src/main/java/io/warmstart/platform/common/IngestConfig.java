package io.warmstart.platform.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of the ingestion endpoints. */
@ConfigMapping(prefix = "warmstart.ingest")
public interface IngestConfig {

  /** Most rows one JSON batch request may carry; more is refused with 413. */
  @WithDefault("10000")
  int maxBatchSize();

  /** Most bytes one JSON batch body may have; more is refused with 413 (files go to /v1/imports). */
  @WithDefault("33554432")
  long maxJsonBodyBytes();

  /** How far in the future an event timestamp may lie, to absorb client clock skew. */
  @WithDefault("PT24H")
  java.time.Duration maxClockSkew();

  /** Longest a bulk import may run before its transaction is rolled back. */
  @WithDefault("PT6H")
  java.time.Duration importTimeout();

  /** Rows staged through COPY before they are merged, bounding temporary disk per import. */
  @WithDefault("100000")
  int importChunkRows();
}
