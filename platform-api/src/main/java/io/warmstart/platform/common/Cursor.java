package io.warmstart.platform.common;

import io.warmstart.platform.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Opaque keyset cursors: the sort key of the last row of a page, encoded so clients cannot depend on
 * its shape. Key parts never contain NUL (input validation refuses it), so NUL separates them.
 */
public final class Cursor {

  private static final String SEPARATOR = "\u0000";

  private Cursor() {}

  public static String encode(String... keyParts) {
    byte[] raw = String.join(SEPARATOR, keyParts).getBytes(StandardCharsets.UTF_8);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  /** Decodes a cursor that must have {@code parts} parts; a damaged one is the caller's error. */
  public static List<String> decode(String cursor, int parts) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      List<String> keyParts = List.of(raw.split(SEPARATOR, -1));
      if (keyParts.size() != parts) {
        throw new IllegalArgumentException("wrong arity");
      }
      return keyParts;
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalidField("after", "The cursor is not one this API issued");
    }
  }

  /** Clamps a requested page size into [1, max], with a default when absent. */
  public static int pageSize(Integer requested, int defaultSize, int max) {
    if (requested == null) {
      return defaultSize;
    }
    if (requested < 1 || requested > max) {
      throw ProblemException.invalidField("limit", "limit must be between 1 and " + max);
    }
    return requested;
  }
}
