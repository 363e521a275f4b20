package io.warmstart.platform.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where failures become HTTP responses: every error leaves as RFC 9457
 * {@code application/problem+json}, never with a class name or a stack trace.
 */
public class ProblemMapper {

  private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

  @Inject ResourceRoutes routes;

  @ServerExceptionMapper
  public Response mapProblem(ProblemException e, UriInfo uri) {
    Response.ResponseBuilder problem = Response.fromResponse(respond(e.status(), e.slug(), e.title(), e.getMessage(), uri, e.errors()));
    if (e.retryAfterSeconds() != null) {
      problem.header("Retry-After", e.retryAfterSeconds());
    }
    if (e.status() == 408) {
      // The rest of the abandoned body may still arrive: this connection cannot carry another request.
      problem.header("Connection", "close");
    }
    return problem.build();
  }

  @ServerExceptionMapper
  public Response mapJson(JsonProcessingException e, UriInfo uri) {
    if (e.getCause() instanceof ProblemException problem) {
      return mapProblem(problem, uri);
    }
    String pointer = e instanceof JsonMappingException mapping ? JsonPointers.of(mapping.getPath()) : "";
    String message = JsonPointers.describe(e);
    List<FieldError> errors = List.of(new FieldError(pointer.isEmpty() ? "/" : pointer, message));
    return respond(400, "malformed-json", "Malformed JSON", message, uri, errors);
  }

  /** Jackson's own mapper for this subtype would otherwise answer in plain text. */
  @ServerExceptionMapper
  public Response mapMismatchedInput(MismatchedInputException e, UriInfo uri) {
    return mapJson(e, uri);
  }

  @ServerExceptionMapper
  public Response mapConstraint(ConstraintViolationException e, UriInfo uri) {
    List<FieldError> errors =
        e.getConstraintViolations().stream()
            .map(v -> new FieldError(JsonPointers.ofPropertyPath(v.getPropertyPath().toString()), v.getMessage()))
            .collect(Collectors.toList());
    return respond(400, "invalid-input", "Invalid input", "The request has invalid fields", uri, errors);
  }

  @ServerExceptionMapper
  public Response mapWebApplication(WebApplicationException e, UriInfo uri, ContainerRequestContext request, ResourceInfo endpoint) {
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof ProblemException problem) {
        return mapProblem(problem, uri);
      }
      if (cause instanceof JsonProcessingException json) {
        return mapJson(json, uri);
      }
      // JAX-RS answers 404 when a path or query parameter does not convert; the caller sent a bad value.
      if (cause instanceof IllegalArgumentException) {
        return wrongParameterType(cause, uri, endpoint);
      }
    }
    if (e instanceof NotAllowedException) {
      return methodNotAllowed(request, uri);
    }
    if (e instanceof NotSupportedException) {
      return unsupportedMediaType(request, uri);
    }
    int status = e.getResponse().getStatus();
    if (status >= 500) {
      LOG.error("Request failed", e);
      return respond(status, "internal", "Internal error", "The server could not complete the request", uri, List.of());
    }
    Response.Status known = Response.Status.fromStatusCode(status);
    String title = known == null ? "Request refused" : known.getReasonPhrase();
    String detail = status == 404 ? "No such resource" : e.getMessage();
    return respond(status, slugOf(title), title, detail, uri, List.of());
  }

  /**
   * No token, an expired, tampered or foreign one: 401 with a challenge. The detail never says
   * which check failed, so a caller probing tokens learns nothing from the body.
   */
  @ServerExceptionMapper({io.quarkus.security.UnauthorizedException.class, io.quarkus.security.AuthenticationFailedException.class})
  public Response mapUnauthenticated(RuntimeException e, UriInfo uri) {
    Response problem = respond(401, "unauthenticated", "Unauthenticated",
        "This endpoint needs a valid access token from the platform's identity server (Authorization: Bearer ...)", uri, List.of());
    return Response.fromResponse(problem).header("WWW-Authenticate", "Bearer").build();
  }

  /** A valid token without the role the endpoint needs (e.g. an SDK token on an operator endpoint). */
  @ServerExceptionMapper(io.quarkus.security.ForbiddenException.class)
  public Response mapForbidden(io.quarkus.security.ForbiddenException e, UriInfo uri) {
    return respond(403, "forbidden", "Forbidden", "The access token does not allow this request", uri, List.of());
  }

  @ServerExceptionMapper(priority = Integer.MAX_VALUE)
  public Response mapUnexpected(Throwable e, UriInfo uri) {
    if (clientWentAway(e)) {
      // The client closed the connection (or a 408 did) while its body was read: nobody is there to answer.
      LOG.debugf("The client of %s went away before its body was complete", uri.getPath());
      return respond(400, "incomplete-body", "Incomplete body", "The connection closed before the request body was complete", uri, List.of());
    }
    if (poolExhausted(e)) {
      // Overload, not a fault: the caller may retry; the import limits exist so that this stays rare.
      LOG.warnf("No database connection became free in time for %s", uri.getPath());
      Response busy = respond(503, "database-busy", "Service unavailable",
          "The platform's database connections are all in use; nothing was changed, retry shortly", uri, List.of());
      return Response.fromResponse(busy).header("Retry-After", 1).build();
    }
    if (databaseUnreachable(e)) {
      // A switchover or an outage: recommendations go on from memory, writes wait for the database.
      LOG.warnf("The database is unreachable for %s: %s", uri.getPath(), rootMessage(e));
      Response away = respond(503, "database-unavailable", "Service unavailable",
          "The platform's database cannot be reached at the moment; nothing was changed, retry shortly", uri, List.of());
      return Response.fromResponse(away).header("Retry-After", 5).build();
    }
    LOG.error("Unexpected failure", e);
    return respond(500, "internal", "Internal error", "The server could not complete the request", uri, List.of());
  }

  /** SQLSTATE class 08: the connection could not be made or was lost (PostgreSQL down, restarting, switching over). */
  private static boolean databaseUnreachable(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return String.valueOf(root.getMessage());
  }

  private Response wrongParameterType(Throwable cause, UriInfo uri, ResourceInfo endpoint) {
    Optional<FieldError> named = ParameterProblems.unconvertible(endpoint == null ? null : endpoint.getResourceMethod(), uri);
    String detail = named.map(FieldError::message).orElse("A parameter has the wrong type: " + cause.getMessage());
    return respond(400, "invalid-input", "Invalid input", detail, uri, named.map(List::of).orElse(List.of()));
  }

  /** 405 with the Allow header RFC 9110 asks for, which the REST layer leaves out. */
  private Response methodNotAllowed(ContainerRequestContext request, UriInfo uri) {
    List<String> allowed = routes.methodsFor(uri.getPath());
    Response problem = respond(405, "method-not-allowed", "Method not allowed",
        request.getMethod() + " is not allowed on this path; it accepts " + String.join(", ", allowed), uri, List.of());
    return Response.fromResponse(problem).header("Allow", String.join(", ", allowed)).build();
  }

  /** 415 that says which media types the endpoint accepts. */
  private Response unsupportedMediaType(ContainerRequestContext request, UriInfo uri) {
    List<String> accepted = routes.consumedBy(uri.getPath(), request.getMethod());
    String sent = request.getHeaderString("Content-Type");
    String detail = (sent == null ? "The request has no Content-Type" : "Content-Type '" + sent + "' is not accepted here")
        + (accepted.isEmpty() ? "" : "; send one of: " + String.join(", ", accepted));
    return respond(415, "unsupported-media-type", "Unsupported media type", detail, uri,
        List.of(new FieldError("Content-Type", accepted.isEmpty() ? detail : "one of " + String.join(", ", accepted))));
  }

  private static boolean clientWentAway(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof io.vertx.core.http.HttpClosedException) {
        return true;
      }
    }
    return false;
  }

  private static boolean poolExhausted(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      // Agroal's only signal for it: a plain SQLException with this message.
      if (cause instanceof SQLException && String.valueOf(cause.getMessage()).contains("acquisition timeout")) {
        return true;
      }
    }
    return false;
  }

  private static Response respond(
      int status, String slug, String title, String detail, UriInfo uri, List<FieldError> errors) {
    Problem problem = new Problem(Problem.TYPE_BASE + slug, title, status, detail, uri.getPath(), errors);
    return Response.status(status).type(Problem.MEDIA_TYPE).entity(problem).build();
  }

  private static String slugOf(String title) {
    return title.toLowerCase().replaceAll("[^a-z0-9]+", "-");
  }
}
