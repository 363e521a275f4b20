package io.warmstart.platform.jobs;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a job is in its life. */
public enum JobStatus {
  QUEUED,
  RUNNING,
  SUCCEEDED,
  FAILED;

  @JsonValue
  public String wireName() {
    return name().toLowerCase();
  }
}
