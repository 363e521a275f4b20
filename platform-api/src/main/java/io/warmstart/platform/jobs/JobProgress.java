package io.warmstart.platform.jobs;

/** Lets a running job say how far it got (0..1) and what it is doing. */
@FunctionalInterface
public interface JobProgress {
  void report(double fraction, String message);
}
