package io.warmstart.k8s;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Validates one Kubernetes object against the schema of its apiVersion/kind: built-in kinds through
 * {@link KubernetesSchemas}, custom resources through {@link CrdSchemas}. An object of any other
 * apiVersion/kind is an error: nothing passes unchecked.
 */
final class SchemaValidator {

  private final CrdSchemas crds = new CrdSchemas();
  /** Draft 2020-12; instance locations reported as JSONPath ($.spec.template...['prometheus.io/port']). */
  private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
      builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().pathType(PathType.JSON_PATH).build()));
  private final Map<String, Schema> compiled = new HashMap<>();
  private final Map<String, ObjectNode> sources = new HashMap<>();

  /** The problems of one object, one line each; empty when it is valid. */
  List<String> validate(JsonNode object) {
    String apiVersion = object.path("apiVersion").asString("");
    String kind = object.path("kind").asString("");
    if (apiVersion.isEmpty() || kind.isEmpty()) {
      return List.of("$: apiVersion and kind are required");
    }
    Schema schema = schemaFor(apiVersion, kind);
    if (schema == null) {
      return List.of("$: no schema for " + apiVersion + "/" + kind + " (known built-in kinds: "
          + KubernetesSchemas.kinds() + "; custom resources: " + crds.kinds() + ")");
    }
    Set<String> partial = crds.knows(apiVersion, kind) ? crds.partialObjects(apiVersion, kind) : Set.of();
    List<String> problems = new ArrayList<>();
    for (Error error : schema.validate(object)) {
      problems.add(describe(error, partial));
    }
    return problems;
  }

  /** The generated JSON Schema of a kind (for inspection in tests). */
  ObjectNode schemaSource(String apiVersion, String kind) {
    schemaFor(apiVersion, kind);
    return sources.get(apiVersion + "/" + kind);
  }

  private Schema schemaFor(String apiVersion, String kind) {
    String key = apiVersion + "/" + kind;
    if (!compiled.containsKey(key)) {
      ObjectNode source;
      if (KubernetesSchemas.knows(apiVersion, kind)) {
        source = new KubernetesSchemas().schemaOf(apiVersion, kind);
      } else if (crds.knows(apiVersion, kind)) {
        source = crds.schemaOf(apiVersion, kind, new KubernetesSchemas());
      } else {
        return null;
      }
      sources.put(key, source);
      compiled.put(key, registry.getSchema(source));
    }
    return compiled.get(key);
  }

  private static String describe(Error error, Set<String> partialObjects) {
    String message = error.toString();
    if ("additionalProperties".equals(error.getKeyword()) && error.getSchemaLocation() != null) {
      String location = String.valueOf(error.getSchemaLocation().getFragment());
      if (location.startsWith("#")) {
        location = location.substring(1);
      }
      String object = location.endsWith("/additionalProperties")
          ? location.substring(0, location.length() - "/additionalProperties".length())
          : location;
      if (partialObjects.contains(object)) {
        message += " [this object's schema is a vendored subset of the official CRD: if the operator accepts"
            + " the property, copy its schema into src/test/resources/schemas first]";
      }
    }
    return message;
  }
}
