package io.warmstart.k8s;

import com.google.gson.annotations.SerializedName;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.custom.Quantity;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON Schemas (draft 2020-12) of Kubernetes built-in kinds, derived from the models of the official
 * Kubernetes Java client ({@code io.kubernetes:client-java-api}). Those models are generated from the
 * Kubernetes OpenAPI specification: each one records its properties ({@code openapiFields}, one
 * {@code @SerializedName} field each), its required properties ({@code openapiRequiredFields}) and the
 * type of every property. This class turns exactly that into a schema: every object is closed
 * ({@code additionalProperties: false}, what {@code kubectl} enforces with strict field validation),
 * required properties are required, and types are those of the specification ({@code int-or-string},
 * quantities with the Kubernetes quantity pattern, base64 for byte fields, maps of strings for labels).
 * A Java type it does not know makes it fail instead of accepting anything.
 */
final class KubernetesSchemas {

  static final String MODELS = "io.kubernetes.client.openapi.models.";

  /** The Kubernetes quantity format (k8s.io/apimachinery/pkg/api/resource), as the CRD generators emit it. */
  static final String QUANTITY_PATTERN =
      "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$";

  private static final String BASE64_PATTERN = "^[A-Za-z0-9+/]*={0,2}$";

  /** The built-in kinds the manifests may use: apiVersion/kind to the generated model. */
  private static final Map<String, String> KINDS = Map.ofEntries(
      Map.entry("v1/Namespace", "V1Namespace"),
      Map.entry("v1/ConfigMap", "V1ConfigMap"),
      Map.entry("v1/Secret", "V1Secret"),
      Map.entry("v1/Service", "V1Service"),
      Map.entry("v1/ServiceAccount", "V1ServiceAccount"),
      Map.entry("v1/PersistentVolumeClaim", "V1PersistentVolumeClaim"),
      Map.entry("apps/v1/Deployment", "V1Deployment"),
      Map.entry("apps/v1/StatefulSet", "V1StatefulSet"),
      Map.entry("batch/v1/Job", "V1Job"),
      Map.entry("batch/v1/CronJob", "V1CronJob"),
      Map.entry("autoscaling/v2/HorizontalPodAutoscaler", "V2HorizontalPodAutoscaler"),
      Map.entry("policy/v1/PodDisruptionBudget", "V1PodDisruptionBudget"),
      Map.entry("networking.k8s.io/v1/NetworkPolicy", "V1NetworkPolicy"),
      Map.entry("networking.k8s.io/v1/Ingress", "V1Ingress"),
      Map.entry("rbac.authorization.k8s.io/v1/Role", "V1Role"),
      Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", "V1RoleBinding"));

  private final JsonNodeFactory json = JsonNodeFactory.instance;
  private final Map<Class<?>, ObjectNode> definitions = new LinkedHashMap<>();

  static boolean knows(String apiVersion, String kind) {
    return KINDS.containsKey(apiVersion + "/" + kind);
  }

  static Set<String> kinds() {
    return new TreeSet<>(KINDS.keySet());
  }

  /** The schema of one kind: its model, with apiVersion and kind pinned to the values that select it. */
  ObjectNode schemaOf(String apiVersion, String kind) {
    String model = KINDS.get(apiVersion + "/" + kind);
    if (model == null) {
      throw new IllegalArgumentException("No Kubernetes schema for " + apiVersion + "/" + kind);
    }
    Class<?> type = modelClass(model);
    ObjectNode root = json.objectNode();
    root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    ArrayNode allOf = root.putArray("allOf");
    allOf.add(reference(type));
    ObjectNode pinned = allOf.addObject();
    pinned.putArray("required").add("apiVersion").add("kind").add("metadata");
    ObjectNode properties = pinned.putObject("properties");
    properties.putObject("apiVersion").put("const", apiVersion);
    properties.putObject("kind").put("const", kind);
    root.set("$defs", definitionsNode());
    return root;
  }

  /** The schema of ObjectMeta with its definitions, to check the metadata of custom resources. */
  ObjectNode objectMetaDefinitions() {
    reference(modelClass("V1ObjectMeta"));
    return definitionsNode();
  }

  /** Adds a model (by simple name, e.g. V1TopologySpreadConstraint) to the definitions that follow. */
  void include(String model) {
    reference(modelClass(model));
  }

  static String objectMetaRef() {
    return "#/$defs/V1ObjectMeta";
  }

  private ObjectNode definitionsNode() {
    ObjectNode defs = json.objectNode();
    definitions.forEach((type, schema) -> defs.set(type.getSimpleName(), schema));
    return defs;
  }

  private static Class<?> modelClass(String simpleName) {
    try {
      return Class.forName(MODELS + simpleName);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("client-java-api has no model " + simpleName, e);
    }
  }

  private ObjectNode reference(Class<?> model) {
    if (!definitions.containsKey(model)) {
      ObjectNode schema = json.objectNode();
      definitions.put(model, schema); // before recursing: models refer to each other
      describeModel(model, schema);
    }
    return json.objectNode().put("$ref", "#/$defs/" + model.getSimpleName());
  }

  private void describeModel(Class<?> model, ObjectNode schema) {
    schema.put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    Set<String> declared = new TreeSet<>();
    for (Field field : model.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers())) {
        continue;
      }
      SerializedName name = field.getAnnotation(SerializedName.class);
      if (name == null) {
        throw new IllegalStateException(model.getSimpleName() + "." + field.getName() + " has no @SerializedName");
      }
      declared.add(name.value());
      properties.set(name.value(), typeSchema(field.getGenericType(), model.getSimpleName() + "." + name.value()));
    }
    Set<String> openapiFields = new TreeSet<>(staticSet(model, "openapiFields"));
    if (!openapiFields.equals(declared)) {
      throw new IllegalStateException(model.getSimpleName() + ": fields " + declared + " differ from openapiFields " + openapiFields);
    }
    List<String> required = new ArrayList<>(new TreeSet<>(staticSet(model, "openapiRequiredFields")));
    if (!required.isEmpty()) {
      ArrayNode list = schema.putArray("required");
      required.forEach(list::add);
    }
    schema.put("additionalProperties", false);
  }

  @SuppressWarnings("unchecked")
  private static Collection<String> staticSet(Class<?> model, String name) {
    try {
      Field field = model.getDeclaredField(name);
      return (Collection<String>) field.get(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(model.getSimpleName() + " has no " + name, e);
    }
  }

  private ObjectNode typeSchema(Type type, String where) {
    if (type instanceof ParameterizedType parameterized) {
      Class<?> raw = (Class<?>) parameterized.getRawType();
      Type[] arguments = parameterized.getActualTypeArguments();
      if (List.class.isAssignableFrom(raw) || Set.class.isAssignableFrom(raw)) {
        ObjectNode array = json.objectNode().put("type", "array");
        array.set("items", typeSchema(arguments[0], where + "[]"));
        return array;
      }
      if (Map.class.isAssignableFrom(raw)) {
        if (arguments[0] != String.class) {
          throw new IllegalStateException(where + ": map keys of type " + arguments[0]);
        }
        ObjectNode map = json.objectNode().put("type", "object");
        map.set("additionalProperties", typeSchema(arguments[1], where + "{}"));
        return map;
      }
      throw new IllegalStateException(where + ": unsupported generic type " + type);
    }
    Class<?> c = (Class<?>) type;
    if (c == String.class) {
      return json.objectNode().put("type", "string");
    }
    if (c == Integer.class || c == Long.class || c == Short.class || c == int.class || c == long.class) {
      return json.objectNode().put("type", "integer");
    }
    if (c == Double.class || c == Float.class || c == BigDecimal.class || c == double.class || c == float.class) {
      return json.objectNode().put("type", "number");
    }
    if (c == Boolean.class || c == boolean.class) {
      return json.objectNode().put("type", "boolean");
    }
    if (Temporal.class.isAssignableFrom(c)) {
      return json.objectNode().put("type", "string").put("format", "date-time");
    }
    if (c == byte[].class) {
      return json.objectNode().put("type", "string").put("pattern", BASE64_PATTERN);
    }
    if (c == IntOrString.class) {
      ObjectNode schema = json.objectNode();
      schema.putArray("type").add("integer").add("string");
      return schema;
    }
    if (c == Quantity.class) {
      ObjectNode schema = json.objectNode();
      schema.putArray("type").add("string").add("number");
      schema.put("pattern", QUANTITY_PATTERN);
      return schema;
    }
    if (c == Object.class) {
      return json.objectNode(); // free-form in the specification (e.g. RawExtension)
    }
    if (c.isEnum()) {
      ObjectNode schema = json.objectNode().put("type", "string");
      ArrayNode values = schema.putArray("enum");
      for (Object constant : c.getEnumConstants()) {
        values.add(enumValue(c, (Enum<?>) constant));
      }
      return schema;
    }
    if (c.getName().startsWith(MODELS)) {
      return reference(c);
    }
    throw new IllegalStateException(where + ": unsupported type " + c.getName());
  }

  private static String enumValue(Class<?> type, Enum<?> constant) {
    try {
      SerializedName name = type.getField(constant.name()).getAnnotation(SerializedName.class);
      return name != null ? name.value() : constant.toString();
    } catch (NoSuchFieldException e) {
      return constant.toString();
    }
  }
}
