package io.warmstart.platform.common;

import io.warmstart.platform.problem.FieldError;
import io.warmstart.platform.problem.ProblemException;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch split into the rows that passed validation and the reasons the others failed. In atomic
 * mode a single failure refuses the whole batch before anything is written.
 *
 * @param <T> the validated (normalised) row type
 */
public record ValidatedBatch<T>(List<T> valid, List<FieldError> errors, int received, long rejected) {

  /** Keeps the error list of a huge bad file bounded; the count stays exact. */
  public static final int MAX_REPORTED_ERRORS = 1000;

  /** Checks one row; adds its problems to {@code errors} and returns the normalised row, or null if invalid. */
  @FunctionalInterface
  public interface RowValidator<I, T> {
    T validate(I row, String pointer, List<FieldError> errors);
  }

  public static <I, T> ValidatedBatch<T> validate(
      List<I> rows, String pointerPrefix, BatchMode mode, RowValidator<I, T> validator) {
    List<T> valid = new ArrayList<>(rows.size());
    List<FieldError> errors = new ArrayList<>();
    long rejected = 0;
    List<FieldError> rowErrors = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      rowErrors.clear();
      T normalised = validator.validate(rows.get(i), pointerPrefix + i, rowErrors);
      if (rowErrors.isEmpty()) {
        valid.add(normalised);
      } else {
        rejected++;
        for (FieldError error : rowErrors) {
          if (errors.size() < MAX_REPORTED_ERRORS) {
            errors.add(error);
          }
        }
      }
    }
    if (rejected > 0 && mode == BatchMode.ATOMIC) {
      throw ProblemException.invalid(
          rejected + " of " + rows.size() + " rows are invalid; nothing was written (use mode=partial to write the valid rows)",
          errors);
    }
    return new ValidatedBatch<>(valid, errors, rows.size(), rejected);
  }
}
