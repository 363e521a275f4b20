package io.warmstart.platform.jobs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Job kinds that exist only in tests, to drive the real queue and worker through their cases. */
public class TestJobHandlers {

  /** Succeeds after reporting progress half-way. */
  @Produces
  @ApplicationScoped
  JobHandler echo() {
    return handler("test-echo", (job, progress) -> {
      progress.report(0.5, "half-way");
      return "echo " + job.payload();
    });
  }

  /** Fails its first attempt, succeeds on the next. */
  @Produces
  @ApplicationScoped
  JobHandler flaky() {
    return handler("test-flaky", (job, progress) -> {
      if (job.attempts() == 1) {
        throw new IllegalStateException("first attempt fails");
      }
      return "succeeded on attempt " + job.attempts();
    });
  }

  /** Succeeds at once: used for jobs whose first worker "dies". */
  @Produces
  @ApplicationScoped
  JobHandler resumed() {
    return handler("test-resumed", (job, progress) -> "ran on attempt " + job.attempts());
  }

  private interface Body {
    String run(Job job, JobProgress progress) throws Exception;
  }

  private static JobHandler handler(String kind, Body body) {
    return new JobHandler() {
      @Override
      public String kind() {
        return kind;
      }

      @Override
      public String run(Job job, JobProgress progress) throws Exception {
        return body.run(job, progress);
      }
    };
  }
}
