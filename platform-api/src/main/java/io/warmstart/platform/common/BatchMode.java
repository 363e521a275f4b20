package io.warmstart.platform.common;

import io.warmstart.platform.problem.ProblemException;

/**
 * What a batch does when some of its rows are invalid. {@code atomic} (the default) writes nothing
 * and reports every invalid row; {@code partial} writes the valid rows and reports the others.
 */
public enum BatchMode {
  ATOMIC,
  PARTIAL;

  public static BatchMode parse(String value) {
    if (value == null || value.equals("atomic")) {
      return ATOMIC;
    }
    if (value.equals("partial")) {
      return PARTIAL;
    }
    throw ProblemException.invalidField("mode", "mode must be 'atomic' (default) or 'partial'");
  }
}
