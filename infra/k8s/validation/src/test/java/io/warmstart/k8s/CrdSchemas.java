package io.warmstart.k8s;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON Schemas (draft 2020-12) of custom resources, from the {@code openAPIV3Schema} of their
 * CustomResourceDefinitions, vendored under {@code src/test/resources/schemas} (see the header of each file
 * for its source, licence and what was left out). The conversion does what the API server does with a
 * structural schema under strict field validation, the default of {@code kubectl} since Kubernetes 1.27:
 * <ul>
 *   <li>an object that lists {@code properties} rejects any other property, unless it says
 *       {@code x-kubernetes-preserve-unknown-fields: true} or has an {@code additionalProperties} schema;</li>
 *   <li>{@code apiVersion}, {@code kind} and {@code metadata} are always accepted at the root, metadata being
 *       checked as a Kubernetes ObjectMeta;</li>
 *   <li>{@code nullable: true} admits null; {@code x-kubernetes-int-or-string} admits integers and strings.</li>
 * </ul>
 * Not evaluated: CEL rules ({@code x-kubernetes-validations}) and formats.
 */
final class CrdSchemas {

  static final String RESOURCE_DIR = "/schemas/";
  static final List<String> FILES = List.of(
      "postgresql.cnpg.io_clusters.yaml",
      "postgresql.cnpg.io_scheduledbackups.yaml",
      "keycloaks.k8s.keycloak.org-v1.yml",
      "keycloakrealmimports.k8s.keycloak.org-v1.yml");

  static final String PARTIAL = "x-warmstart-partial";
  /**
   * Marks a property whose schema is a Kubernetes type (a CRD field declared with a core/v1 Go type, e.g.
   * CNPG's {@code topologySpreadConstraints}): the schema comes from {@link KubernetesSchemas}, not a copy.
   */
  static final String KUBERNETES_MODEL = "x-warmstart-kubernetes-model";
  private static final String SCHEMA_OF = "x-warmstart-schema-of";

  private final JsonNodeFactory json = JsonNodeFactory.instance;
  /** "group/version/Kind" to the openAPIV3Schema of that version. */
  private final Map<String, JsonNode> schemas = new HashMap<>();
  /** JSON pointers (in the converted schema) of the objects whose property list is a vendored subset. */
  private final Map<String, Set<String>> partialObjects = new HashMap<>();
  /** Kubernetes models referred to by the schema being converted ({@link #KUBERNETES_MODEL}). */
  private final Set<String> models = new TreeSet<>();

  CrdSchemas() {
    for (String file : FILES) {
      try (InputStream in = CrdSchemas.class.getResourceAsStream(RESOURCE_DIR + file)) {
        if (in == null) {
          throw new IllegalStateException("Missing vendored CRD " + file);
        }
        register(file, Yaml.MAPPER.readTree(in));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private void register(String file, JsonNode crd) {
    if (!"CustomResourceDefinition".equals(crd.path("kind").asString())) {
      throw new IllegalStateException(file + " is not a CustomResourceDefinition");
    }
    String group = crd.path("spec").path("group").asString();
    String kind = crd.path("spec").path("names").path("kind").asString();
    Map<String, JsonNode> byVersion = new HashMap<>();
    List<JsonNode> aliases = new ArrayList<>();
    for (JsonNode version : crd.path("spec").path("versions")) {
      if (version.has(SCHEMA_OF)) {
        aliases.add(version);
      } else {
        JsonNode schema = version.path("schema").path("openAPIV3Schema");
        if (!schema.isObject()) {
          throw new IllegalStateException(file + ": version " + version.path("name").asString() + " has no openAPIV3Schema");
        }
        byVersion.put(version.path("name").asString(), schema);
      }
    }
    for (JsonNode alias : aliases) {
      byVersion.put(alias.path("name").asString(), byVersion.get(alias.path(SCHEMA_OF).asString()));
    }
    byVersion.forEach((version, schema) -> schemas.put(group + "/" + version + "/" + kind, schema));
  }

  boolean knows(String apiVersion, String kind) {
    return schemas.containsKey(apiVersion + "/" + kind);
  }

  Set<String> kinds() {
    return new TreeSet<>(schemas.keySet());
  }

  /** JSON pointers of the vendored-subset objects of the schema last built for this kind. */
  Set<String> partialObjects(String apiVersion, String kind) {
    return partialObjects.getOrDefault(apiVersion + "/" + kind, Set.of());
  }

  ObjectNode schemaOf(String apiVersion, String kind, KubernetesSchemas kubernetes) {
    JsonNode source = schemas.get(apiVersion + "/" + kind);
    if (source == null) {
      throw new IllegalArgumentException("No CRD schema for " + apiVersion + "/" + kind);
    }
    Set<String> partial = new TreeSet<>();
    models.clear();
    ObjectNode root = convert(source, "", partial);
    partialObjects.put(apiVersion + "/" + kind, partial);
    root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    root.put("type", "object");
    ObjectNode properties = root.has("properties") ? (ObjectNode) root.get("properties") : root.putObject("properties");
    properties.set("apiVersion", json.objectNode().put("const", apiVersion));
    properties.set("kind", json.objectNode().put("const", kind));
    properties.set("metadata", json.objectNode().put("$ref", KubernetesSchemas.objectMetaRef()));
    Set<String> required = new TreeSet<>(List.of("apiVersion", "kind", "metadata"));
    root.path("required").forEach(name -> required.add(name.asString()));
    ArrayNode list = root.putArray("required");
    required.forEach(list::add);
    root.put("additionalProperties", false);
    models.forEach(kubernetes::include);
    root.set("$defs", kubernetes.objectMetaDefinitions());
    return root;
  }

  private ObjectNode convert(JsonNode node, String pointer, Set<String> partial) {
    ObjectNode out = json.objectNode();
    boolean preserveUnknown = node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String key = entry.getKey();
      JsonNode value = entry.getValue();
      switch (key) {
        case "properties" -> {
          ObjectNode properties = out.putObject("properties");
          value.properties().forEach(p ->
              properties.set(p.getKey(), convert(p.getValue(), pointer + "/properties/" + escape(p.getKey()), partial)));
        }
        case "items" -> out.set("items", convert(value, pointer + "/items", partial));
        case "additionalProperties" -> out.set("additionalProperties",
            value.isObject() ? convert(value, pointer + "/additionalProperties", partial) : value);
        case "anyOf", "allOf", "oneOf" -> {
          ArrayNode alternatives = out.putArray(key);
          int i = 0;
          for (JsonNode alternative : value) {
            alternatives.add(convert(alternative, pointer + "/" + key + "/" + i++, partial));
          }
        }
        case "not" -> out.set("not", convert(value, pointer + "/not", partial));
        case "type", "enum", "required", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
             "minLength", "maxLength", "pattern", "minItems", "maxItems", "uniqueItems",
             "minProperties", "maxProperties", "default" -> out.set(key, value);
        case "nullable", "description", "format", "example", "externalDocs", "title" -> { }
        case KUBERNETES_MODEL -> {
          models.add(value.asString());
          out.put("$ref", "#/$defs/" + value.asString());
        }
        default -> {
          if (!key.startsWith("x-")) {
            throw new IllegalStateException("Unexpected keyword '" + key + "' at " + pointer);
          }
        }
      }
    }
    if (node.path("nullable").asBoolean(false) && out.has("type") && out.get("type").isString()) {
      ArrayNode types = json.arrayNode().add(out.get("type").asString()).add("null");
      out.set("type", types);
    }
    if (node.path(PARTIAL).asBoolean(false)) {
      partial.add(pointer);
    }
    boolean isObject = out.has("properties") || "object".equals(out.path("type").asString(""));
    if (isObject && !preserveUnknown && !out.has("additionalProperties")) {
      out.put("additionalProperties", false);
    }
    return out;
  }

  private static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }
}
