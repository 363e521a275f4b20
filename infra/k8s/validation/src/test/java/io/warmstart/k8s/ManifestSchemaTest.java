package io.warmstart.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every YAML document under infra/k8s is valid against the schema of its apiVersion/kind. */
class ManifestSchemaTest {

  private static SchemaValidator validator;
  private static List<Manifests.Document> documents;

  @BeforeAll
  static void load() {
    validator = new SchemaValidator();
    documents = Manifests.objects();
  }

  @TestFactory
  Stream<DynamicTest> everyDocumentMatchesTheSchemaOfItsKind() {
    return documents.stream().map(document -> DynamicTest.dynamicTest(document.label(), () -> {
      List<String> problems = validator.validate(document.content());
      assertTrue(problems.isEmpty(), () -> document.label() + " (" + document.apiVersion() + ") is invalid:\n  "
          + String.join("\n  ", problems));
    }));
  }

  @Test
  void everyFileIsReadAndMultiDocumentFilesYieldEveryDocument() {
    List<Path> files = Manifests.files();
    assertTrue(files.size() >= 8, "expected the manifests of infra/k8s, found " + files);
    // One file per concern, several documents in most: all of them are checked.
    assertTrue(documents.size() >= 20, "expected at least 20 objects, found " + documents.size());
    Set<Path> withObjects = documents.stream().map(Manifests.Document::file).collect(Collectors.toSet());
    for (Path file : files) {
      if (!Manifests.isKustomization(file)) {
        assertTrue(withObjects.contains(file), file + " holds no Kubernetes object");
      }
    }
  }

  @Test
  void theExpectedKindsArePresent() {
    Set<String> kinds = documents.stream().map(d -> d.apiVersion() + "/" + d.kind()).collect(Collectors.toCollection(TreeSet::new));
    for (String expected : List.of(
        "v1/Namespace", "v1/ConfigMap", "v1/Secret", "v1/Service", "v1/ServiceAccount", "v1/PersistentVolumeClaim",
        "apps/v1/Deployment", "batch/v1/CronJob", "batch/v1/Job", "autoscaling/v2/HorizontalPodAutoscaler",
        "policy/v1/PodDisruptionBudget", "networking.k8s.io/v1/NetworkPolicy", "networking.k8s.io/v1/Ingress",
        "postgresql.cnpg.io/v1/Cluster", "postgresql.cnpg.io/v1/ScheduledBackup",
        "k8s.keycloak.org/v2beta1/Keycloak", "k8s.keycloak.org/v2beta1/KeycloakRealmImport",
        "monitoring.coreos.com/v1/PodMonitor", "monitoring.coreos.com/v1/PrometheusRule")) {
      assertTrue(kinds.contains(expected), "missing " + expected + " in " + kinds);
    }
  }

  @Test
  void everyObjectHasANameAndLivesInTheWarmstartNamespace() {
    for (Manifests.Document document : documents) {
      assertFalse(document.name().isBlank(), document.label() + " has no metadata.name");
      if (document.kind().equals("Namespace")) {
        assertEquals("warmstart", document.name());
      } else {
        assertEquals("warmstart", document.namespace(), document.label() + " is not in namespace warmstart");
      }
    }
  }
}
