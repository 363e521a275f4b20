package io.warmstart.platform.jobs;

/** Does the work of one kind of job. Implementations are CDI beans; the worker finds them by kind. */
public interface JobHandler {

  /** The job kind this handler runs, e.g. {@code adapt}. */
  String kind();

  /**
   * Runs the job. Throwing fails this attempt; the queue retries it (with backoff) until its
   * attempts are used up. Report progress through {@code progress} for long work.
   *
   * @return a short outcome message stored with the job
   */
  String run(Job job, JobProgress progress) throws Exception;
}
