package io.warmstart.platform.imports;

import io.warmstart.platform.problem.FieldError;
import java.util.List;

/**
 * What an import did.
 *
 * @param rows data rows read from the file (blank lines are not rows)
 * @param written rows inserted or updated
 * @param duplicates events skipped because their id was already stored
 * @param rejected rows refused, each listed in {@code errors} with its line (the first 1,000)
 * @param seconds wall time of the import
 */
public record ImportReport(long rows, long written, long duplicates, long rejected, List<FieldError> errors, double seconds) {}
