package io.warmstart.platform.common;

import io.warmstart.platform.problem.FieldError;
import java.util.List;

/** The rules every externally supplied identifier follows, in one place. */
public final class InputRules {

  public static final int MAX_ID_LENGTH = 256;

  private InputRules() {}

  /** Checks a tenant-local id (item, user, event): 1..256 characters, no control characters. */
  public static void checkId(String value, String pointer, boolean required, List<FieldError> errors) {
    if (value == null) {
      if (required) {
        errors.add(new FieldError(pointer, "is required"));
      }
      return;
    }
    if (value.isEmpty()) {
      errors.add(new FieldError(pointer, "must not be empty"));
    } else if (value.length() > MAX_ID_LENGTH) {
      errors.add(new FieldError(pointer, "is longer than " + MAX_ID_LENGTH + " characters"));
    } else if (hasControlCharacter(value)) {
      errors.add(new FieldError(pointer, "contains a control character (NUL, newline, ...)"));
    }
  }

  /** Free text (titles, tags) may be long but must not carry NUL, which PostgreSQL cannot store. */
  public static void checkText(String value, String pointer, int maxLength, List<FieldError> errors) {
    if (value == null) {
      return;
    }
    if (value.length() > maxLength) {
      errors.add(new FieldError(pointer, "is longer than " + maxLength + " characters"));
    } else if (value.indexOf('\u0000') >= 0) {
      errors.add(new FieldError(pointer, "contains a NUL character"));
    }
  }

  public static boolean hasControlCharacter(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return true;
      }
    }
    return false;
  }
}
