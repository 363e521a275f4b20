package io.warmstart.platform.audit;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;

/**
 * One administrative action.
 *
 * @param actor who: the token's user name, or {@code service-account-<client>} for a client
 * @param action what, e.g. {@code tenant.suspend}, {@code credential.rotate}
 * @param detail the action's parameters (never secrets), JSON
 */
public record AuditEntry(String tenantId, long entryId, Instant at, String actor, String action, @JsonRawValue String detail) {}
