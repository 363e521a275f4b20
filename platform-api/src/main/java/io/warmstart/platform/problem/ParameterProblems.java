package io.warmstart.platform.problem;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Names the path or query parameter whose value the REST layer could not convert (it reports only
 * "For input string: abc"): each typed parameter of the endpoint is converted again, the same way,
 * and the first that fails is the one to blame.
 */
final class ParameterProblems {

  private ParameterProblems() {}

  static Optional<FieldError> unconvertible(Method endpoint, UriInfo uri) {
    if (endpoint == null) {
      return Optional.empty();
    }
    for (Parameter parameter : endpoint.getParameters()) {
      Optional<FieldError> problem = parameter.isAnnotationPresent(BeanParam.class)
          ? beanFields(parameter.getType(), uri)
          : check(parameter.getType(), parameter.getAnnotation(QueryParam.class), parameter.getAnnotation(PathParam.class), uri);
      if (problem.isPresent()) {
        return problem;
      }
    }
    return Optional.empty();
  }

  /** The fields of a {@code @BeanParam} class (such as the shared recommendation parameters). */
  private static Optional<FieldError> beanFields(Class<?> bean, UriInfo uri) {
    for (Field field : bean.getDeclaredFields()) {
      Optional<FieldError> problem = check(field.getType(), field.getAnnotation(QueryParam.class), field.getAnnotation(PathParam.class), uri);
      if (problem.isPresent()) {
        return problem;
      }
    }
    return Optional.empty();
  }

  private static Optional<FieldError> check(Class<?> type, QueryParam query, PathParam path, UriInfo uri) {
    if (type == String.class || query == null && path == null) {
      return Optional.empty();
    }
    String name = query != null ? query.value() : path.value();
    List<String> values = query != null
        ? uri.getQueryParameters().getOrDefault(name, List.of())
        : uri.getPathParameters().getOrDefault(name, List.of());
    for (String value : values) {
      if (!converts(type, value)) {
        String kind = query != null ? "Query parameter" : "Path parameter";
        return Optional.of(new FieldError(name, kind + " '" + name + "' must be " + expected(type) + "; '" + shorten(value) + "' is not"));
      }
    }
    return Optional.empty();
  }

  private static boolean converts(Class<?> type, String value) {
    try {
      if (type == int.class || type == Integer.class) {
        Integer.parseInt(value.strip());
      } else if (type == long.class || type == Long.class) {
        Long.parseLong(value.strip());
      } else if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
        Double.parseDouble(value.strip());
      } else if (type.isEnum()) {
        return Arrays.stream(type.getEnumConstants()).anyMatch(c -> ((Enum<?>) c).name().equalsIgnoreCase(value) || c.toString().equals(value));
      }
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String expected(Class<?> type) {
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return "a whole number";
    }
    if (type.isEnum()) {
      return "one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString).toList();
    }
    return "a number";
  }

  private static String shorten(String value) {
    return value.length() > 60 ? value.substring(0, 60) + "..." : value;
  }
}
