package io.warmstart.k8s;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * The pods that will run in (and around) the namespace, with their labels: those of the manifests' pod
 * templates (Deployments, CronJobs, Jobs), and those that the operators create from their custom resources,
 * with the labels the operators put on them. The operator labels are what the operators' documentation and
 * source say (CloudNativePG: {@code cnpg.io/cluster=<cluster>}; Keycloak: {@code app=keycloak},
 * {@code app.kubernetes.io/instance=<CR name>}); they were not read from a live cluster, so they are written
 * down once, here, for every test that selects such pods (PodDisruptionBudgets, NetworkPolicies).
 */
final class Pods {

  /** One kind of pod: where it runs, what labels it carries, and who defines it. */
  record Pod(String name, String namespace, Map<String, String> labels, String origin) {

    boolean external() {
      return namespace == null;
    }

    @Override
    public String toString() {
      return name + (namespace != null ? " (" + namespace + ")" : " (outside the cluster)");
    }
  }

  static final String NAMESPACE = "warmstart";

  private Pods() {}

  /** Pods of the namespace: manifests' templates and the operators' pods for the custom resources. */
  static Map<String, Pod> inNamespace(List<Manifests.Document> documents) {
    Map<String, Pod> pods = new LinkedHashMap<>();
    for (Manifests.Document d : documents) {
      JsonNode template = switch (d.kind()) {
        case "Deployment", "Job" -> d.content().at("/spec/template");
        case "CronJob" -> d.content().at("/spec/jobTemplate/spec/template");
        case "ScaledJob" -> d.content().at("/spec/jobTargetRef/template");
        default -> null;
      };
      if (template != null) {
        pods.put(d.kind().equals("ScaledJob") ? d.name() + "-scaledjob" : d.name(), new Pod(d.name(), NAMESPACE, labels(template.at("/metadata/labels")), d.label()));
      }
      if (d.kind().equals("Cluster")) {
        pods.put(d.name(), new Pod(d.name(), NAMESPACE, Map.of("cnpg.io/cluster", d.name(), "cnpg.io/podRole", "instance"),
            "CloudNativePG instances of " + d.label()));
      }
      if (d.kind().equals("Keycloak")) {
        pods.put(d.name(), new Pod(d.name(), NAMESPACE, keycloakPodLabels(d.name()), "Keycloak operator pods of " + d.label()));
      }
    }
    return pods;
  }

  /** The labels the Keycloak operator puts on the server pods of a Keycloak CR. */
  static Map<String, String> keycloakPodLabels(String keycloak) {
    return Map.of("app", "keycloak", "app.kubernetes.io/instance", keycloak, "app.kubernetes.io/managed-by", "keycloak-operator");
  }

  /** Pods outside the namespace that the platform deals with, as docs/deployment.md installs them. */
  static List<Pod> around() {
    List<Pod> pods = new ArrayList<>();
    pods.add(new Pod("ingress-nginx-controller", "ingress-nginx", Map.of("app.kubernetes.io/name", "ingress-nginx"), "ingress controller"));
    pods.add(new Pod("prometheus", "monitoring", Map.of("app.kubernetes.io/name", "prometheus"), "kube-prometheus-stack"));
    pods.add(new Pod("cnpg-controller-manager", "cnpg-system", Map.of("app.kubernetes.io/name", "cloudnative-pg"), "CNPG operator"));
    pods.add(new Pod("keda-operator", "keda", Map.of("app", "keda-operator"), "KEDA operator (its Helm chart's label)"));
    pods.add(new Pod("keda-metrics-apiserver", "keda", Map.of("app", "keda-operator-metrics-apiserver"), "KEDA metrics server"));
    pods.add(new Pod("coredns", "kube-system", Map.of("k8s-app", "kube-dns"), "cluster DNS"));
    pods.add(new Pod("someone-elses-app", "other", Map.of("app", "other"), "another team's namespace"));
    pods.add(new Pod("debug", NAMESPACE, Map.of(), "an unlabelled pod in the namespace (kubectl run)"));
    pods.add(new Pod("internet", null, Map.of(), "any address outside the cluster"));
    return pods;
  }

  /** Whether a LabelSelector (matchLabels and matchExpressions) selects these labels; an empty selector selects all. */
  static boolean selects(JsonNode selector, Map<String, String> labels) {
    if (selector == null || selector.isMissingNode() || selector.isNull()) {
      return true;
    }
    for (Map.Entry<String, JsonNode> e : selector.path("matchLabels").properties()) {
      if (!e.getValue().asString().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    for (JsonNode expression : selector.path("matchExpressions")) {
      String key = expression.path("key").asString();
      List<String> values = new ArrayList<>();
      expression.path("values").forEach(v -> values.add(v.asString()));
      boolean ok = switch (expression.path("operator").asString()) {
        case "In" -> labels.containsKey(key) && values.contains(labels.get(key));
        case "NotIn" -> !labels.containsKey(key) || !values.contains(labels.get(key));
        case "Exists" -> labels.containsKey(key);
        case "DoesNotExist" -> !labels.containsKey(key);
        default -> throw new IllegalArgumentException("unknown selector operator in " + expression);
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  static Map<String, String> labels(JsonNode node) {
    Map<String, String> labels = new TreeMap<>();
    node.properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
    return labels;
  }
}
