package io.warmstart.platform.models;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;

/**
 * One model version of a tenant, as the registry lists it (the artifact itself is not part of it).
 *
 * @param metaInitVersion the meta-init it was adapted from; null when adapted from scratch
 * @param events training events it saw, and the time range they cover
 * @param metrics validation metrics (JSON): NDCG@10 of the model, popularity and the promoted model on the same users
 * @param reason why it was promoted, rejected or failed
 */
public record TenantModel(
    String tenantId,
    int version,
    ModelStatus status,
    Integer metaInitVersion,
    Long events,
    Integer items,
    Instant firstEventAt,
    Instant lastEventAt,
    @JsonRawValue String metrics,
    String reason,
    String artifactSha256,
    Long jobId,
    Instant createdAt,
    Instant finishedAt,
    Instant promotedAt) {

  /** The label responses carry as {@code modelVersion}. */
  public String label() {
    return label(version);
  }

  public static String label(int version) {
    return "v" + version;
  }
}
