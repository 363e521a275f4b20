package io.warmstart.platform.launcher;

import java.nio.file.Path;

/** A start-up failure the launcher reports in one line: what went wrong and which log says more. */
final class LaunchException extends RuntimeException {

  private final Path log;

  LaunchException(String message, Path log) {
    super(message);
    this.log = log;
  }

  /** The log with the details, or null when the message says it all. */
  Path log() {
    return log;
  }
}
