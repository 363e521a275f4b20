package io.warmstart.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Evaluates the NetworkPolicies of 70-network-policies.yaml the way Kubernetes defines them, against the
 * labels of the pods that will run ({@link Pods}: the manifests' templates and the operators' pods), and
 * asserts who may connect to whom. A connection is allowed when the source may send it (no policy selecting
 * the source restricts Egress, or one of those that do allows it) and the destination may receive it (the
 * same for Ingress). Peers: podSelector (policy's namespace), namespaceSelector (by the
 * kubernetes.io/metadata.name label Kubernetes sets), both together, and ipBlock (taken to match addresses
 * outside the cluster only, which is what this file uses it for). Ports: numeric only (a named port fails
 * the test, to keep the evaluation honest). Not modelled: endPort, except in ipBlock, and CNI specifics.
 */
class NetworkPolicyMatrixTest {

  private static List<Manifests.Document> policies;
  private static Map<String, Pods.Pod> pods;

  @BeforeAll
  static void load() {
    List<Manifests.Document> documents = Manifests.objects();
    policies = documents.stream().filter(d -> d.kind().equals("NetworkPolicy")).toList();
    pods = new LinkedHashMap<>(Pods.inNamespace(documents));
    Pods.around().forEach(p -> pods.put(p.name(), p));
  }

  private record Case(String from, String to, String protocol, int port, boolean allowed) {}

  private static Case allow(String from, String to, int port) {
    return new Case(from, to, "TCP", port, true);
  }

  private static Case deny(String from, String to, int port) {
    return new Case(from, to, "TCP", port, false);
  }

  @Test
  void theConnectionMatrixHolds() {
    List<Case> cases = List.of(
        // The platform database: the platform's processes only.
        allow("warmstart-api", "warmstart-db", 5432),
        allow("warmstart-worker", "warmstart-db", 5432),
        allow("warmstart-meta-train", "warmstart-db", 5432),
        allow("warmstart-migrate", "warmstart-db", 5432),
        deny("warmstart-keycloak", "warmstart-db", 5432),
        deny("debug", "warmstart-db", 5432),
        deny("someone-elses-app", "warmstart-db", 5432),
        deny("ingress-nginx-controller", "warmstart-db", 5432),
        deny("warmstart-keycloak-db", "warmstart-db", 5432),
        allow("keda-operator", "warmstart-db", 5432),
        deny("keda-metrics-apiserver", "warmstart-db", 5432),
        deny("keda-operator", "warmstart-keycloak-db", 5432),
        allow("warmstart-meta-train-scaledjob", "warmstart-db", 5432),
        // Keycloak's database: Keycloak only.
        allow("warmstart-keycloak", "warmstart-keycloak-db", 5432),
        deny("warmstart-api", "warmstart-keycloak-db", 5432),
        deny("warmstart-worker", "warmstart-keycloak-db", 5432),
        deny("warmstart-migrate", "warmstart-keycloak-db", 5432),
        deny("debug", "warmstart-keycloak-db", 5432),
        // Replication, the operator, metrics.
        allow("warmstart-db", "warmstart-db", 5432),
        allow("warmstart-keycloak-db", "warmstart-keycloak-db", 5432),
        allow("cnpg-controller-manager", "warmstart-db", 8000),
        allow("prometheus", "warmstart-db", 9187),
        deny("warmstart-api", "warmstart-db", 9187),
        // Keycloak from the platform and the ingress controller.
        allow("warmstart-api", "warmstart-keycloak", 8080),
        allow("warmstart-worker", "warmstart-keycloak", 8080),
        allow("ingress-nginx-controller", "warmstart-keycloak", 8080),
        deny("warmstart-migrate", "warmstart-keycloak", 8080),
        allow("warmstart-keycloak", "warmstart-keycloak", 7800),
        // The API from the ingress controller and Prometheus; workers from Prometheus only.
        allow("ingress-nginx-controller", "warmstart-api", 8080),
        allow("prometheus", "warmstart-api", 8080),
        allow("prometheus", "warmstart-worker", 8080),
        deny("ingress-nginx-controller", "warmstart-worker", 8080),
        deny("someone-elses-app", "warmstart-api", 8080),
        deny("debug", "warmstart-api", 8080),
        deny("warmstart-worker", "warmstart-api", 8080),
        // Egress: DNS for everyone, nothing outside the cluster for the platform.
        new Case("warmstart-api", "coredns", "UDP", 53, true),
        new Case("warmstart-migrate", "coredns", "UDP", 53, true),
        new Case("warmstart-keycloak", "coredns", "TCP", 53, true),
        new Case("debug", "coredns", "UDP", 53, true),
        deny("warmstart-api", "internet", 443),
        deny("warmstart-worker", "internet", 443),
        deny("warmstart-meta-train", "internet", 443),
        deny("warmstart-migrate", "internet", 443),
        deny("warmstart-api", "someone-elses-app", 8080),
        deny("debug", "internet", 443),
        // The database instances reach the Kubernetes API and the backup store over HTTPS only.
        allow("warmstart-db", "internet", 443),
        deny("warmstart-db", "internet", 80));
    List<String> wrong = new ArrayList<>();
    for (Case c : cases) {
      boolean allowed = allowed(pod(c.from()), pod(c.to()), c.protocol(), c.port());
      if (allowed != c.allowed()) {
        wrong.add(c.from() + " -> " + c.to() + ":" + c.port() + "/" + c.protocol() + " is " + (allowed ? "allowed" : "denied")
            + ", expected " + (c.allowed() ? "allowed" : "denied"));
      }
    }
    assertTrue(wrong.isEmpty(), String.join("\n", wrong));
  }

  /** Every pod of the namespace is under the default deny, both ways: nothing is left open by omission. */
  @Test
  void everyPodInTheNamespaceIsDeniedByDefault() {
    Manifests.Document defaultDeny = policies.stream().filter(p -> p.content().at("/spec/podSelector").isEmpty()
        && p.content().at("/spec/ingress").isMissingNode() && p.content().at("/spec/egress").isMissingNode())
        .findFirst().orElseThrow(() -> new AssertionError("no default-deny NetworkPolicy (empty podSelector, no rules)"));
    List<String> types = new ArrayList<>();
    defaultDeny.content().at("/spec/policyTypes").forEach(t -> types.add(t.asString()));
    assertEquals(List.of("Ingress", "Egress"), types, defaultDeny.label());
    for (Pods.Pod pod : pods.values()) {
      if (Pods.NAMESPACE.equals(pod.namespace())) {
        assertTrue(!selecting(pod, "Ingress").isEmpty() && !selecting(pod, "Egress").isEmpty(), pod + " escapes the default deny");
      }
    }
  }

  /** The evaluator itself: policies that select nothing allow everything; named ports are refused. */
  @Test
  void theEvaluatorTreatsUnselectedPodsAsOpen() {
    Pods.Pod outside = pod("someone-elses-app");
    assertTrue(selecting(outside, "Ingress").isEmpty());
    assertTrue(allowed(pod("prometheus"), outside, "TCP", 9999), "no policy in that namespace: open");
  }

  private static Pods.Pod pod(String name) {
    Pods.Pod pod = pods.get(name);
    if (pod == null) {
      throw new AssertionError("no pod " + name + " in " + pods.keySet());
    }
    return pod;
  }

  static boolean allowed(Pods.Pod from, Pods.Pod to, String protocol, int port) {
    return direction(from, to, "Egress", protocol, port) && direction(to, from, "Ingress", protocol, port);
  }

  /** Whether {@code subject}'s policies of this type let it talk to {@code peer} (egress) or hear from it (ingress). */
  private static boolean direction(Pods.Pod subject, Pods.Pod peer, String type, String protocol, int port) {
    if (subject.external()) {
      return true;
    }
    List<JsonNode> selecting = selecting(subject, type);
    if (selecting.isEmpty()) {
      return true;
    }
    String rulesField = type.equals("Ingress") ? "ingress" : "egress";
    String peersField = type.equals("Ingress") ? "from" : "to";
    for (JsonNode policy : selecting) {
      for (JsonNode rule : policy.at("/spec/" + rulesField)) {
        if (portMatches(rule.path("ports"), protocol, port) && peerMatches(rule.path(peersField), peer, policy)) {
          return true;
        }
      }
    }
    return false;
  }

  private static List<JsonNode> selecting(Pods.Pod pod, String type) {
    List<JsonNode> selecting = new ArrayList<>();
    for (Manifests.Document policy : policies) {
      JsonNode spec = policy.content().path("spec");
      String namespace = policy.namespace().isEmpty() ? Pods.NAMESPACE : policy.namespace();
      if (!namespace.equals(pod.namespace()) || !Pods.selects(spec.path("podSelector"), pod.labels())) {
        continue;
      }
      List<String> types = new ArrayList<>();
      spec.path("policyTypes").forEach(t -> types.add(t.asString()));
      if (types.isEmpty()) {
        types.add("Ingress");
        if (spec.has("egress")) {
          types.add("Egress");
        }
      }
      if (types.contains(type)) {
        selecting.add(policy.content());
      }
    }
    return selecting;
  }

  private static boolean portMatches(JsonNode ports, String protocol, int port) {
    if (ports.isMissingNode() || ports.isEmpty()) {
      return true;
    }
    for (JsonNode p : ports) {
      if (!p.path("protocol").asString("TCP").equals(protocol)) {
        continue;
      }
      JsonNode number = p.path("port");
      if (number.isMissingNode()) {
        return true;
      }
      if (!number.isNumber()) {
        throw new AssertionError("named port " + number + ": use numbers, which this evaluator can check");
      }
      int first = number.asInt();
      int last = p.path("endPort").asInt(first);
      if (port >= first && port <= last) {
        return true;
      }
    }
    return false;
  }

  private static boolean peerMatches(JsonNode peers, Pods.Pod peer, JsonNode policy) {
    if (peers.isMissingNode() || peers.isEmpty()) {
      return true;
    }
    String policyNamespace = policy.at("/metadata/namespace").asString(Pods.NAMESPACE);
    for (JsonNode p : peers) {
      if (p.has("ipBlock")) {
        if (peer.external() && p.at("/ipBlock/cidr").asString().equals("0.0.0.0/0") && p.at("/ipBlock/except").isMissingNode()) {
          return true;
        }
        continue;
      }
      if (peer.external()) {
        continue;
      }
      boolean namespaceOk = p.has("namespaceSelector")
          ? Pods.selects(p.path("namespaceSelector"), Map.of("kubernetes.io/metadata.name", peer.namespace()))
          : policyNamespace.equals(peer.namespace());
      boolean podOk = !p.has("podSelector") || Pods.selects(p.path("podSelector"), peer.labels());
      if (namespaceOk && podOk) {
        return true;
      }
    }
    return false;
  }
}
