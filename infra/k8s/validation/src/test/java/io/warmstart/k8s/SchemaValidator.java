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
 * apiVersion/kind is an error: nothing passes unchecked, except the explicit list below.
 */
final class SchemaValidator {

  /**
   * Custom resources whose CRD schema is NOT vendored (no reachable registry ships it, and it cannot be
   * downloaded here): only their envelope is checked here (apiVersion, kind, ObjectMeta metadata, a spec
   * object, nothing else at the top), their spec by dedicated consistency tests, named here so that a kind
   * cannot join this list without one. Any kind neither here nor in a schema still fails.
   */
  static final Map<String, String> CONSISTENCY_ONLY = Map.of(
      "monitoring.coreos.com/v1/PodMonitor", "ManifestConsistencyTest.podMonitorsScrapeThePlatformPods",
      "monitoring.coreos.com/v1/PrometheusRule", "MonitoringRulesTest and infra/k8s/check-rules.sh (promtool)",
      "keda.sh/v1alpha1/ScaledObject", "ManifestConsistencyTest.kedaScalesOnTheRealQueue",
      "keda.sh/v1alpha1/ScaledJob", "ManifestConsistencyTest.kedaScalesOnTheRealQueue (and the pod rules, as a pod template)",
      "keda.sh/v1alpha1/TriggerAuthentication", "ManifestConsistencyTest.kedaScalesOnTheRealQueue");

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
          + KubernetesSchemas.kinds() + "; custom resources: " + crds.kinds() + "; consistency-only: "
          + CONSISTENCY_ONLY.keySet() + ")");
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
      } else if (CONSISTENCY_ONLY.containsKey(key)) {
        source = envelopeOnly(apiVersion, kind);
      } else {
        return null;
      }
      sources.put(key, source);
      compiled.put(key, registry.getSchema(source));
    }
    return compiled.get(key);
  }

  /** apiVersion, kind, metadata (as ObjectMeta) and spec (any object): the most that can be said without a CRD. */
  private static ObjectNode envelopeOnly(String apiVersion, String kind) {
    ObjectNode root = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    root.put("type", "object");
    ObjectNode properties = root.putObject("properties");
    properties.putObject("apiVersion").put("const", apiVersion);
    properties.putObject("kind").put("const", kind);
    properties.putObject("metadata").put("$ref", KubernetesSchemas.objectMetaRef());
    properties.putObject("spec").put("type", "object");
    root.putArray("required").add("apiVersion").add("kind").add("metadata").add("spec");
    root.put("additionalProperties", false);
    root.set("$defs", new KubernetesSchemas().objectMetaDefinitions());
    return root;
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
