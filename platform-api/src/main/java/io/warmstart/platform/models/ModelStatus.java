package io.warmstart.platform.models;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a model version is in its life; see V4__model_registry.sql. Lowercase on the wire, like every status. */
public enum ModelStatus {
  TRAINING,
  READY,
  PROMOTED,
  REJECTED,
  FAILED,
  RETIRED;

  @JsonValue
  public String wireName() {
    return name().toLowerCase();
  }
}
