package io.warmstart.platform.jobs;

import java.time.Instant;

/**
 * A unit of trainer work as stored in the queue.
 *
 * @param tenantId the tenant it is for, or {@link JobQueue#PLATFORM} for cross-tenant work
 * @param payload the handler's input, JSON
 * @param attempts how many times a worker has started it, this run included
 */
public record Job(
    String tenantId,
    long jobId,
    String kind,
    String payload,
    JobStatus status,
    int attempts,
    int maxAttempts,
    Double progress,
    String message,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt) {}
