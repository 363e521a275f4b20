package io.warmstart.platform.problem;

import io.quarkus.arc.Arc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API's routes (path templates, methods, accepted media types), read once from the resource
 * classes, so that a 405 can list the methods a path allows and a 415 the types a method accepts:
 * the REST layer refuses both without saying.
 */
@ApplicationScoped
public class ResourceRoutes {

  private static final Pattern PARAMETER = Pattern.compile("\\{\\s*[\\w.-]+\\s*(?::\\s*((?:[^{}]|\\{[^{}]*})*))?}");

  record Route(Pattern path, String method, List<String> consumes) {}

  private volatile List<Route> routes;

  /** The methods some endpoint accepts on this path, HEAD with GET, in alphabetical order. */
  public List<String> methodsFor(String path) {
    TreeSet<String> methods = new TreeSet<>();
    for (Route route : routes()) {
      if (route.path().matcher(path).matches()) {
        methods.add(route.method());
        if (route.method().equals("GET")) {
          methods.add("HEAD");
        }
      }
    }
    return List.copyOf(methods);
  }

  /** The media types the endpoints for this path and method accept. */
  public List<String> consumedBy(String path, String method) {
    TreeSet<String> types = new TreeSet<>();
    for (Route route : routes()) {
      if (route.method().equals(method) && route.path().matcher(path).matches()) {
        types.addAll(route.consumes());
      }
    }
    return List.copyOf(types);
  }

  private List<Route> routes() {
    if (routes == null) {
      List<Route> found = new ArrayList<>();
      for (Bean<?> bean : Arc.container().beanManager().getBeans(Object.class, Any.Literal.INSTANCE)) {
        Class<?> type = bean.getBeanClass();
        if (type.isAnnotationPresent(Path.class)) {
          addRoutes(type, found);
        }
      }
      routes = List.copyOf(found);
    }
    return routes;
  }

  private static void addRoutes(Class<?> resource, List<Route> found) {
    String base = resource.getAnnotation(Path.class).value();
    for (Method method : resource.getMethods()) {
      String httpMethod = httpMethodOf(method);
      if (httpMethod == null) {
        continue;
      }
      Path sub = method.getAnnotation(Path.class);
      Consumes consumes = method.isAnnotationPresent(Consumes.class) ? method.getAnnotation(Consumes.class) : resource.getAnnotation(Consumes.class);
      List<String> types = consumes == null ? List.of() : List.of(consumes.value());
      found.add(new Route(template(base, sub == null ? "" : sub.value()), httpMethod, types));
    }
  }

  private static String httpMethodOf(Method method) {
    for (Annotation annotation : method.getAnnotations()) {
      HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
      if (http != null) {
        return http.value();
      }
    }
    return null;
  }

  /** A path template ({@code /v1/items/{id}}) as a regular expression over request paths. */
  static Pattern template(String base, String sub) {
    String joined = ("/" + base + "/" + sub).replaceAll("/+", "/");
    String template = joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    StringBuilder regex = new StringBuilder();
    Matcher parameter = PARAMETER.matcher(template);
    int last = 0;
    while (parameter.find()) {
      regex.append(Pattern.quote(template.substring(last, parameter.start())));
      regex.append(parameter.group(1) == null ? "[^/]+" : "(?:" + parameter.group(1).trim() + ")");
      last = parameter.end();
    }
    regex.append(Pattern.quote(template.substring(last))).append("/?");
    return Pattern.compile(regex.toString());
  }
}
