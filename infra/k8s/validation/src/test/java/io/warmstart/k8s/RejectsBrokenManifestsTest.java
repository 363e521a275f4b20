package io.warmstart.k8s;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The validation is not a rubber stamp: copies of the real manifests, each broken in one way (an unknown
 * field, a wrong type, a missing required field, a bad value), are rejected with a message that points at
 * the problem. Built-in kinds and custom resources alike.
 */
class RejectsBrokenManifestsTest {

  private static SchemaValidator validator;
  private static List<Manifests.Document> documents;

  @BeforeAll
  static void load() {
    validator = new SchemaValidator();
    documents = Manifests.objects();
  }

  /** A deep copy of a real manifest, broken by {@code breaker}; asserts it is rejected mentioning {@code expected}. */
  private static void assertRejected(String kind, String name, Consumer<ObjectNode> breaker, String... expected) {
    Manifests.Document original = Manifests.find(documents, kind, name).orElseThrow(() -> new AssertionError("no " + kind + "/" + name));
    assertTrue(validator.validate(original.content()).isEmpty(), "the original " + kind + "/" + name + " must be valid");
    ObjectNode copy = (ObjectNode) original.content().deepCopy();
    breaker.accept(copy);
    List<String> problems = validator.validate(copy);
    assertFalse(problems.isEmpty(), "a broken " + kind + "/" + name + " was accepted");
    String all = String.join("\n", problems);
    for (String fragment : expected) {
      assertTrue(all.contains(fragment), "expected '" + fragment + "' in:\n" + all);
    }
  }

  private static ObjectNode at(ObjectNode root, String pointer) {
    return (ObjectNode) root.at(pointer);
  }

  private static ObjectNode apiContainer(ObjectNode deployment) {
    return (ObjectNode) deployment.at("/spec/template/spec/containers/0");
  }

  // --- Kubernetes built-in kinds ----------------------------------------------------------------

  @Test
  void unknownFieldInAContainerIsRejected() {
    assertRejected("Deployment", "warmstart-api",
        d -> apiContainer(d).put("imagePullPolice", "Always"),
        "imagePullPolice");
  }

  @Test
  void unknownFieldAtTheTopOfASpecIsRejected() {
    assertRejected("Deployment", "warmstart-api", d -> at(d, "/spec").put("replica", 3), "replica");
  }

  @Test
  void replicasAsAStringIsRejected() {
    assertRejected("Deployment", "warmstart-api", d -> at(d, "/spec").put("replicas", "3"), "replicas", "integer");
  }

  @Test
  void containerWithoutNameIsRejected() {
    assertRejected("Deployment", "warmstart-api", d -> apiContainer(d).remove("name"), "name");
  }

  @Test
  void deploymentWithoutSelectorIsRejected() {
    assertRejected("Deployment", "warmstart-worker", d -> at(d, "/spec").remove("selector"), "selector");
  }

  @Test
  void environmentValueThatIsNotAStringIsRejected() {
    assertRejected("Deployment", "warmstart-worker",
        d -> ((ObjectNode) d.at("/spec/template/spec/containers/0/env/0")).put("value", 8080),
        "value", "string");
  }

  @Test
  void configMapValueThatIsANumberIsRejected() {
    // What an unquoted `WARMSTART_PORT: 8080` would be: kubectl refuses it, so does the schema.
    assertRejected("ConfigMap", "warmstart-config", c -> at(c, "/data").put("WARMSTART_PORT", 8080), "WARMSTART_PORT");
  }

  @Test
  void annotationThatIsANumberIsRejected() {
    assertRejected("Deployment", "warmstart-api",
        d -> at(d, "/spec/template/metadata/annotations").put("prometheus.io/port", 8080), "prometheus.io/port");
  }

  @Test
  void malformedQuantityIsRejected() {
    assertRejected("Deployment", "warmstart-api",
        d -> at(d, "/spec/template/spec/containers/0/resources/limits").put("memory", "4 GB"), "memory");
  }

  @Test
  void servicePortThatIsAStringIsRejected() {
    assertRejected("Service", "warmstart-api", s -> ((ObjectNode) s.at("/spec/ports/0")).put("port", "http"), "port");
  }

  @Test
  void autoscalerWithoutTargetIsRejected() {
    assertRejected("HorizontalPodAutoscaler", "warmstart-api", h -> at(h, "/spec").remove("scaleTargetRef"), "scaleTargetRef");
  }

  @Test
  void cronJobWithoutScheduleIsRejected() {
    assertRejected("CronJob", "warmstart-meta-train", c -> at(c, "/spec").remove("schedule"), "schedule");
  }

  @Test
  void secretDataThatIsNotBase64IsRejected() {
    assertRejected("Secret", "warmstart-backup-s3", s -> s.putObject("data").put("ACCESS_KEY_ID", "not base64!"), "ACCESS_KEY_ID");
  }

  @Test
  void wrongApiVersionForAKindIsRejected() {
    assertRejected("HorizontalPodAutoscaler", "warmstart-api", h -> h.put("apiVersion", "autoscaling/v1"), "no schema");
  }

  @Test
  void kindWithoutSchemaIsRejected() {
    ObjectNode unknown = Yaml.MAPPER.createObjectNode();
    unknown.put("apiVersion", "example.com/v1").put("kind", "Widget").putObject("metadata").put("name", "w");
    assertFalse(validator.validate(unknown).isEmpty(), "a kind without a schema must not pass unchecked");
  }

  /** Kinds without a vendored CRD still get their envelope checked, and the allow-list is not a wildcard. */
  @Test
  void consistencyOnlyKindsStillHaveTheirEnvelopeChecked() {
    assertRejected("PodMonitor", "warmstart-platform", m -> at(m, "/metadata").put("labelz", "x"), "labelz");
    assertRejected("PrometheusRule", "warmstart-alerts", r -> r.put("specs", "x"), "specs");
    assertRejected("PrometheusRule", "warmstart-alerts", r -> r.remove("spec"), "spec");
    ObjectNode otherVersion = Yaml.MAPPER.createObjectNode();
    otherVersion.put("apiVersion", "monitoring.coreos.com/v1alpha1").put("kind", "PodMonitor").putObject("metadata").put("name", "m");
    otherVersion.putObject("spec");
    assertFalse(validator.validate(otherVersion).isEmpty(), "only the listed apiVersion/kind pairs skip the schema");
  }

  @Test
  void duplicateKeysInYamlAreRejected() {
    assertThrows(RuntimeException.class, () -> Yaml.documents("apiVersion: v1\nkind: ConfigMap\nkind: Secret\n"));
  }

  // --- custom resources (vendored CRD schemas) ------------------------------------------------------

  @Test
  void cnpgClusterWithUnknownFieldIsRejected() {
    assertRejected("Cluster", "warmstart-db", c -> at(c, "/spec").put("instancez", 3), "instancez");
  }

  @Test
  void cnpgClusterWithInstancesAsStringIsRejected() {
    assertRejected("Cluster", "warmstart-db", c -> at(c, "/spec").put("instances", "3"), "instances");
  }

  @Test
  void cnpgClusterWithoutInstancesIsRejected() {
    assertRejected("Cluster", "warmstart-db", c -> at(c, "/spec").remove("instances"), "instances");
  }

  @Test
  void cnpgClusterWithZeroInstancesIsRejected() {
    assertRejected("Cluster", "warmstart-db", c -> at(c, "/spec").put("instances", 0), "instances");
  }

  @Test
  void cnpgBackupWithoutDestinationIsRejected() {
    assertRejected("Cluster", "warmstart-db", c -> at(c, "/spec/backup/barmanObjectStore").remove("destinationPath"), "destinationPath");
  }

  @Test
  void cnpgRetentionPolicyOutOfFormatIsRejected() {
    assertRejected("Cluster", "warmstart-db", c -> at(c, "/spec/backup").put("retentionPolicy", "30 days"), "retentionPolicy");
  }

  @Test
  void cnpgParameterThatIsANumberIsRejected() {
    assertRejected("Cluster", "warmstart-db", c -> at(c, "/spec/postgresql/parameters").put("max_connections", 300), "max_connections");
  }

  @Test
  void cnpgUpdateStrategyOutsideItsEnumIsRejected() {
    assertRejected("Cluster", "warmstart-db", c -> at(c, "/spec").put("primaryUpdateStrategy", "automatic"), "primaryUpdateStrategy");
  }

  @Test
  void fieldMissingFromTheVendoredSubsetIsRejectedWithAHint() {
    // `logLevel` is a real CNPG field that the vendored subset does not carry: it fails, and says why.
    assertRejected("Cluster", "warmstart-db", c -> at(c, "/spec").put("logLevel", "info"), "logLevel", "vendored subset");
  }

  @Test
  void scheduledBackupWithoutClusterIsRejected() {
    assertRejected("ScheduledBackup", "warmstart-db-nightly", b -> at(b, "/spec").remove("cluster"), "cluster");
  }

  @Test
  void customResourceMetadataIsCheckedAsObjectMeta() {
    assertRejected("Cluster", "warmstart-db", c -> at(c, "/metadata").put("labelz", "x"), "labelz");
  }

  @Test
  void keycloakWithInstancesAsStringIsRejected() {
    assertRejected("Keycloak", "warmstart-keycloak", k -> at(k, "/spec").put("instances", "two"), "instances");
  }

  @Test
  void keycloakWithMisspelledHostnameFieldIsRejected() {
    assertRejected("Keycloak", "warmstart-keycloak", k -> at(k, "/spec/hostname").put("hostnmae", "x"), "hostnmae");
  }

  @Test
  void keycloakHttpEnabledAsStringIsRejected() {
    assertRejected("Keycloak", "warmstart-keycloak", k -> at(k, "/spec/http").put("httpEnabled", "true"), "httpEnabled");
  }

  @Test
  void realmImportWithoutKeycloakReferenceIsRejected() {
    assertRejected("KeycloakRealmImport", "warmstart-realm", r -> at(r, "/spec").remove("keycloakCRName"), "keycloakCRName");
  }

  @Test
  void realmClientWithWrongTypeIsRejected() {
    assertRejected("KeycloakRealmImport", "warmstart-realm",
        r -> ((ObjectNode) r.at("/spec/realm/clients/0")).put("publicClient", "yes"), "publicClient");
  }

  @Test
  void realmUserWithUnknownFieldIsRejected() {
    assertRejected("KeycloakRealmImport", "warmstart-realm",
        r -> ((ObjectNode) r.at("/spec/realm/users/0")).put("pasword", "x"), "pasword");
  }

  @Test
  void realmRolesAsAStringIsRejected() {
    assertRejected("KeycloakRealmImport", "warmstart-realm", r -> {
      ArrayNode roles = (ArrayNode) r.at("/spec/realm/users/0/realmRoles");
      ((ObjectNode) r.at("/spec/realm/users/0")).put("realmRoles", roles.get(0).asString());
    }, "realmRoles");
  }

  @Test
  void theSchemasThemselvesAreClosedWhereKubernetesIsStrict() {
    JsonNode deployment = validator.schemaSource("apps/v1", "Deployment");
    JsonNode container = deployment.at("/$defs/V1Container");
    assertTrue(container.path("additionalProperties").isBoolean() && !container.path("additionalProperties").asBoolean());
    assertTrue(container.path("required").toString().contains("name"));
    JsonNode cluster = validator.schemaSource("postgresql.cnpg.io/v1", "Cluster");
    assertFalse(cluster.at("/properties/spec/additionalProperties").asBoolean(true));
  }
}
