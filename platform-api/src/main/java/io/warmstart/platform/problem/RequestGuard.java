package io.warmstart.platform.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;

/**
 * The first thing every request meets: a request target or headers too long, a target that is not
 * a URI, or a path or query parameter with a NUL byte or invalid UTF-8 is answered here with a
 * problem document, before routing, security or any endpoint. PostgreSQL cannot store NUL, so such
 * a value would otherwise fail deep inside an operation (a 500), or reach the identity server.
 *
 * <p>Quarkus's own URI check answers with an empty 400; the launcher and the test configuration
 * turn it off ({@code vertx.disableURIValidation}) so that this check, which does the same, answers instead.
 */
@ApplicationScoped
public class RequestGuard {

  /** Quarkus's own check, which this one replaces (see the class comment). */
  public static final String DISABLE_QUARKUS_URI_CHECK = "vertx.disableURIValidation";

  @Inject HttpLimitsConfig limits;
  @Inject ObjectMapper json;

  void register(@Observes Router router) {
    router.route().order(Integer.MIN_VALUE).handler(this::check);
  }

  private void check(RoutingContext context) {
    HttpServerRequest request = context.request();
    String target = request.uri();
    if (target.length() > limits.maxUriLength()) {
      refuse(context, 414, "uri-too-long", "URI too long",
          "The request target has " + target.length() + " characters; at most " + limits.maxUriLength() + " are accepted");
      return;
    }
    int headerBytes = headerBytes(request);
    if (headerBytes > limits.maxHeaderBytes()) {
      refuse(context, 431, "headers-too-large", "Request header fields too large",
          "The request headers have " + headerBytes + " bytes; at most " + limits.maxHeaderBytes() + " are accepted");
      return;
    }
    String flaw = flawOf(target);
    if (flaw != null) {
      refuse(context, 400, "invalid-input", "Invalid input", flaw);
      return;
    }
    context.next();
  }

  private static int headerBytes(HttpServerRequest request) {
    int bytes = 0;
    for (Map.Entry<String, String> header : request.headers()) {
      bytes += header.getKey().length() + header.getValue().length() + 4;
    }
    return bytes;
  }

  /** What is wrong with a request target, or null when nothing is. */
  static String flawOf(String target) {
    try {
      new URI(target);
    } catch (URISyntaxException e) {
      return "The request target is not a valid URI (" + e.getReason() + " at index " + e.getIndex()
          + "); characters such as spaces, backslashes and quotes must be percent-encoded";
    }
    int query = target.indexOf('?');
    String path = query < 0 ? target : target.substring(0, query);
    String flaw = PercentDecoding.flawOf(path);
    if (flaw != null) {
      return "The path " + flaw;
    }
    if (query >= 0) {
      for (String parameter : target.substring(query + 1).split("&")) {
        int equals = parameter.indexOf('=');
        String name = equals < 0 ? parameter : parameter.substring(0, equals);
        flaw = PercentDecoding.flawOf(name);
        if (flaw == null && equals >= 0) {
          flaw = PercentDecoding.flawOf(parameter.substring(equals + 1));
          if (flaw != null) {
            return "Query parameter '" + PercentDecoding.decodeLeniently(name) + "' " + flaw;
          }
        }
        if (flaw != null) {
          return "A query parameter name " + flaw;
        }
      }
    }
    return null;
  }

  private void refuse(RoutingContext context, int status, String slug, String title, String detail) {
    String path = context.request().path();
    String instance = path != null && path.length() <= 512 && PercentDecoding.flawOf(path) == null ? path : null;
    Problem problem = new Problem(Problem.TYPE_BASE + slug, title, status, detail, instance, List.of());
    String body;
    try {
      body = json.writeValueAsString(problem);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    // What was refused may be followed by a body that nobody reads: do not keep the connection.
    context.response().setStatusCode(status).putHeader("Content-Type", Problem.MEDIA_TYPE).putHeader("Connection", "close").end(body);
  }
}
