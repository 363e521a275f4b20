package io.warmstart.platform.models;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import java.util.List;

/**
 * One meta-init version: a shared initialisation learned across the tenants that opted in.
 *
 * @param trainingTenants tenants whose events it was meta-trained on
 * @param validationTenants tenants held out to validate it (adapted from it, compared with popularity and the promoted init)
 * @param metrics meta-validation metrics and training statistics (JSON)
 */
public record MetaInit(
    int version,
    ModelStatus status,
    String algorithm,
    List<String> trainingTenants,
    List<String> validationTenants,
    @JsonRawValue String metrics,
    String reason,
    String artifactSha256,
    Long jobId,
    Instant createdAt,
    Instant finishedAt,
    Instant promotedAt) {}
