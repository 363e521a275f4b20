package io.warmstart.platform.problem;

import java.util.List;

/** A refusal that the global mapper turns into a problem document; thrown by services, never caught by resources. */
public class ProblemException extends RuntimeException {

  private final int status;
  private final String slug;
  private final String title;
  private final List<FieldError> errors;
  private Long retryAfterSeconds;

  public ProblemException(int status, String slug, String title, String detail, List<FieldError> errors) {
    super(detail);
    this.status = status;
    this.slug = slug;
    this.title = title;
    this.errors = List.copyOf(errors);
  }

  public static ProblemException invalid(String detail, List<FieldError> errors) {
    return new ProblemException(400, "invalid-input", "Invalid input", detail, errors);
  }

  public static ProblemException invalidField(String pointer, String message) {
    return invalid(message, List.of(new FieldError(pointer, message)));
  }

  public static ProblemException notFound(String what) {
    return new ProblemException(404, "not-found", "Not found", what, List.of());
  }

  public static ProblemException conflict(String detail) {
    return new ProblemException(409, "conflict", "Conflict", detail, List.of());
  }

  public static ProblemException tooLarge(String detail) {
    return new ProblemException(413, "payload-too-large", "Payload too large", detail, List.of());
  }

  public static ProblemException forbidden(String detail) {
    return new ProblemException(403, "forbidden", "Forbidden", detail, List.of());
  }

  public static ProblemException missingTenant(String detail) {
    return new ProblemException(403, "tenant-required", "Tenant required", detail, List.of());
  }

  /** A rate limit or quota is exhausted; the caller may retry after the given number of seconds. */
  public static ProblemException tooManyRequests(String detail, long retryAfterSeconds) {
    ProblemException e = new ProblemException(429, "quota-exceeded", "Too many requests", detail, List.of());
    e.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    return e;
  }

  /** Seconds after which a refused request may be retried (429, 503), or null. */
  public Long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** Too many requests of one kind (bulk imports) are running at once; retry when one has finished. */
  public static ProblemException tooManyConcurrent(String detail, long retryAfterSeconds) {
    ProblemException e = new ProblemException(429, "too-many-concurrent", "Too many requests", detail, List.of());
    e.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    return e;
  }

  /** The client stopped sending its request body; the request is abandoned and nothing was stored. */
  public static ProblemException requestTimeout(String detail) {
    return new ProblemException(408, "request-timeout", "Request timeout", detail, List.of());
  }

  /** A service the platform depends on (the identity server) is down; nothing was changed, retry later. */
  public static ProblemException unavailable(String detail) {
    return new ProblemException(503, "dependency-unavailable", "Service unavailable", detail, List.of());
  }

  public int status() {
    return status;
  }

  public String slug() {
    return slug;
  }

  public String title() {
    return title;
  }

  public List<FieldError> errors() {
    return errors;
  }
}
