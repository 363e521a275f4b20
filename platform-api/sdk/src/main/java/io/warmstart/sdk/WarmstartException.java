package io.warmstart.sdk;

/**
 * The platform (or its identity server) refused a request. {@link #status()} is the HTTP status;
 * {@link #problem()} the RFC 9457 body the platform sent, as text.
 */
public class WarmstartException extends RuntimeException {

  private final int status;
  private final String problem;

  public WarmstartException(String message, int status, String problem) {
    super(message);
    this.status = status;
    this.problem = problem;
  }

  public WarmstartException(String message, Throwable cause) {
    super(message, cause);
    this.status = 0;
    this.problem = null;
  }

  /** HTTP status, or 0 when no response arrived (network failure after all retries). */
  public int status() {
    return status;
  }

  public String problem() {
    return problem;
  }
}
