package io.warmstart.platform.jobs;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A unit of trainer work as stored in the queue.
 *
 * @param tenantId the tenant it is for, or {@link JobQueue#PLATFORM} for cross-tenant work
 * @param payload the handler's input, JSON (written as a JSON object, not as a string holding one)
 * @param attempts how many times a worker has started it, this run included
 */
public record Job(
    String tenantId,
    long jobId,
    String kind,
    @JsonRawValue @Schema(type = SchemaType.OBJECT) String payload,
    JobStatus status,
    int attempts,
    int maxAttempts,
    Double progress,
    String message,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt) {}
