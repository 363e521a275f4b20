package io.warmstart.platform.imports;

import io.warmstart.platform.problem.ProblemException;
import jakarta.ws.rs.core.MediaType;

/** The file formats the bulk import endpoints read, chosen by Content-Type. */
public enum ImportFormat {
  CSV,
  NDJSON;

  public static final String NDJSON_TYPE = "application/x-ndjson";

  static ImportFormat of(MediaType type) {
    if (type == null) {
      throw unsupported();
    }
    String subtype = type.getType() + "/" + type.getSubtype();
    return switch (subtype) {
      case "text/csv" -> CSV;
      case NDJSON_TYPE, "application/jsonl", "application/x-jsonlines" -> NDJSON;
      default -> throw unsupported();
    };
  }

  private static ProblemException unsupported() {
    return new ProblemException(
        415, "unsupported-media-type", "Unsupported media type", "Send text/csv or " + NDJSON_TYPE, java.util.List.of());
  }
}
