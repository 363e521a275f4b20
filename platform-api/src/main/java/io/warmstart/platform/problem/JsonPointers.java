package io.warmstart.platform.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.List;

/** Turns Jackson's failure locations and messages into JSON pointers and plain sentences. */
public final class JsonPointers {

  private JsonPointers() {}

  public static String of(List<JsonMappingException.Reference> path) {
    StringBuilder pointer = new StringBuilder();
    for (JsonMappingException.Reference ref : path) {
      pointer.append('/');
      pointer.append(ref.getFieldName() != null ? escape(ref.getFieldName()) : String.valueOf(ref.getIndex()));
    }
    return pointer.toString();
  }

  /** Converts a bean-validation path such as {@code create.request.displayName} into {@code /displayName}. */
  static String ofPropertyPath(String path) {
    String[] parts = path.split("\\.");
    return parts.length <= 2 ? "/" + parts[parts.length - 1] : "/" + String.join("/", List.of(parts).subList(2, parts.length));
  }

  public static String describe(JsonProcessingException e) {
    if (e instanceof UnrecognizedPropertyException unknown) {
      return "Unknown field '" + unknown.getPropertyName() + "'";
    }
    if (e instanceof InvalidFormatException invalid) {
      return "Value " + invalid.getValue() + " is not a valid " + simpleType(invalid.getTargetType());
    }
    if (e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
      return "Expected " + simpleType(mismatched.getTargetType());
    }
    String message = e.getOriginalMessage();
    if (message == null) {
      return "The body is not valid JSON";
    }
    int detailStart = message.indexOf(" at [Source");
    return (detailStart > 0 ? message.substring(0, detailStart) : message).replaceAll("\\s+", " ").trim();
  }

  private static String simpleType(Class<?> type) {
    if (type == null) {
      return "value";
    }
    if (type == String.class) {
      return "string";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
      return "number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "boolean (true or false)";
    }
    if (type.isEnum()) {
      return "value (one of " + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase() + ")";
    }
    if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "array";
    }
    return "object";
  }

  private static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }
}
