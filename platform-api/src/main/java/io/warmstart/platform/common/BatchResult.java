package io.warmstart.platform.common;

import io.warmstart.platform.problem.FieldError;
import java.util.List;

/**
 * The outcome of a batch write.
 *
 * @param received rows in the request
 * @param written rows inserted or updated
 * @param duplicates rows skipped because an identical id was already stored (a retried batch)
 * @param rejected invalid rows (only in partial mode; atomic mode refuses the whole batch instead)
 * @param errors why each rejected row was refused (at most the first 1,000)
 */
public record BatchResult(long received, long written, long duplicates, long rejected, List<FieldError> errors) {}
