package io.warmstart.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a schema cannot see: the objects refer to each other correctly (Secrets and keys, ConfigMap keys,
 * selectors, autoscaler and backup targets, operator-generated names), kustomization.yaml lists the files,
 * the platform pods follow the deployment rules of docs/deployment.md, and the embedded Keycloak realm stays
 * the realm of infra/keycloak/warmstart-realm.json.
 */
class ManifestConsistencyTest {

  /** Secrets that the operators create; everything else a manifest refers to must be defined here. */
  private static final Map<String, Set<String>> OPERATOR_SECRETS = Map.of(
      "warmstart-keycloak-db-app", Set.of("username", "password"));

  private static List<Manifests.Document> documents;

  @BeforeAll
  static void load() {
    documents = Manifests.objects();
  }

  private static List<Manifests.Document> ofKind(String kind) {
    return documents.stream().filter(d -> d.kind().equals(kind)).toList();
  }

  private static Manifests.Document the(String kind, String name) {
    return Manifests.find(documents, kind, name).orElseThrow(() -> new AssertionError("missing " + kind + "/" + name));
  }

  /** Pod templates of the platform's workloads, by label of their owner. */
  private static Map<String, JsonNode> podTemplates() {
    Map<String, JsonNode> pods = new TreeMap<>();
    ofKind("Deployment").forEach(d -> pods.put(d.label(), d.content().path("spec").path("template")));
    ofKind("CronJob").forEach(c -> pods.put(c.label(), c.content().path("spec").path("jobTemplate").path("spec").path("template")));
    ofKind("Job").forEach(j -> pods.put(j.label(), j.content().path("spec").path("template")));
    ofKind("ScaledJob").forEach(j -> pods.put(j.label(), j.content().path("spec").path("jobTargetRef").path("template")));
    return pods;
  }

  private static Map<String, Set<String>> secretKeys() {
    Map<String, Set<String>> keys = new HashMap<>(OPERATOR_SECRETS);
    for (Manifests.Document secret : ofKind("Secret")) {
      Set<String> names = new TreeSet<>();
      secret.content().path("stringData").propertyNames().forEach(names::add);
      secret.content().path("data").propertyNames().forEach(names::add);
      keys.put(secret.name(), names);
    }
    return keys;
  }

  private static Map<String, Set<String>> configMapKeys() {
    Map<String, Set<String>> keys = new HashMap<>();
    for (Manifests.Document map : ofKind("ConfigMap")) {
      keys.put(map.name(), new TreeSet<>(map.content().path("data").propertyNames()));
    }
    return keys;
  }

  private static void assertSecretKey(String where, String name, String key) {
    Set<String> keys = secretKeys().get(name);
    assertNotNull(keys, where + " refers to Secret " + name + ", defined nowhere (secrets.template.yaml?)");
    assertTrue(keys.contains(key), where + " refers to key " + key + " of Secret " + name + ", which has " + keys);
  }

  @Test
  void kustomizationListsEveryManifestButTheSecretTemplates() throws IOException {
    Path dir = Manifests.directory();
    JsonNode kustomization = Yaml.documents(dir.resolve("kustomization.yaml")).get(0);
    assertEquals("kustomize.config.k8s.io/v1beta1", kustomization.path("apiVersion").asString());
    assertEquals("Kustomization", kustomization.path("kind").asString());
    assertEquals("warmstart", kustomization.path("namespace").asString());
    Set<String> listed = new TreeSet<>();
    kustomization.path("resources").forEach(r -> listed.add(r.asString()));
    for (String resource : listed) {
      assertTrue(Files.isRegularFile(dir.resolve(resource)), "kustomization.yaml lists missing " + resource);
    }
    // Files in a folder with a kustomization.yaml of its own (migrate/) belong to that one.
    Set<Path> ownKustomizations = Manifests.files().stream().filter(Manifests::isKustomization).map(Path::getParent)
        .filter(folder -> !folder.equals(dir)).collect(Collectors.toSet());
    Set<String> expected = Manifests.files().stream()
        .filter(f -> !Manifests.isKustomization(f))
        .filter(f -> ownKustomizations.stream().noneMatch(f::startsWith))
        .map(f -> dir.relativize(f).toString())
        .filter(f -> !f.contains(".template."))
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(expected, listed, "kustomization.yaml resources");
    for (Path folder : ownKustomizations) {
      JsonNode own = Yaml.documents(folder.resolve("kustomization.yaml")).get(0);
      assertEquals("warmstart", own.path("namespace").asString(), folder + "/kustomization.yaml namespace");
      Set<String> ownListed = new TreeSet<>();
      own.path("resources").forEach(r -> ownListed.add(r.asString()));
      Set<String> ownFiles = Manifests.files().stream().filter(f -> f.startsWith(folder) && !Manifests.isKustomization(f))
          .map(f -> folder.relativize(f).toString()).collect(Collectors.toCollection(TreeSet::new));
      assertEquals(ownFiles, ownListed, folder + "/kustomization.yaml resources");
    }
    JsonNode image = kustomization.path("images").path(0);
    assertEquals("warmstart/platform-api", image.path("name").asString());
    for (JsonNode pod : podTemplates().values()) {
      for (JsonNode container : pod.path("spec").path("containers")) {
        assertTrue(container.path("image").asString().startsWith("warmstart/platform-api:"),
            "platform containers use the image that kustomization.yaml rewrites: " + container.path("image"));
      }
    }
  }

  @Test
  void secretTemplatesHoldPlaceholdersOnly() {
    for (Manifests.Document secret : ofKind("Secret")) {
      assertTrue(secret.file().getFileName().toString().contains(".template."), secret.label() + " outside a template file");
      secret.content().path("stringData").properties().forEach(e -> {
        boolean placeholder = e.getValue().asString().startsWith("REPLACE_ME") || e.getKey().equals("username");
        assertTrue(placeholder, secret.label() + ": " + e.getKey() + " must be a REPLACE_ME placeholder");
      });
      assertTrue(secret.content().path("data").isMissingNode(), secret.label() + ": use stringData placeholders");
    }
  }

  @Test
  void everyEnvironmentReferenceResolves() {
    Map<String, Set<String>> maps = configMapKeys();
    podTemplates().forEach((owner, pod) -> {
      for (JsonNode container : pod.path("spec").path("containers")) {
        for (JsonNode from : container.path("envFrom")) {
          if (from.has("configMapRef")) {
            assertTrue(maps.containsKey(from.path("configMapRef").path("name").asString()), owner + ": envFrom " + from);
          }
          if (from.has("secretRef")) {
            assertNotNull(secretKeys().get(from.path("secretRef").path("name").asString()), owner + ": envFrom " + from);
          }
        }
        for (JsonNode env : container.path("env")) {
          JsonNode secret = env.path("valueFrom").path("secretKeyRef");
          if (!secret.isMissingNode()) {
            assertSecretKey(owner + " env " + env.path("name").asString(), secret.path("name").asString(), secret.path("key").asString());
          }
          JsonNode map = env.path("valueFrom").path("configMapKeyRef");
          if (!map.isMissingNode()) {
            Set<String> keys = maps.get(map.path("name").asString());
            assertTrue(keys != null && keys.contains(map.path("key").asString()), owner + ": " + env);
          }
        }
      }
    });
  }

  @Test
  void everyPlatformProcessGetsItsDatabaseAndIdentitySettings() {
    Set<String> config = configMapKeys().get("warmstart-config");
    for (String key : List.of("WARMSTART_DB_URL", "WARMSTART_KEYCLOAK_URL", "WARMSTART_PORT", "WARMSTART_DB_POOL_SIZE")) {
      assertTrue(config.contains(key), "warmstart-config lacks " + key);
    }
    podTemplates().forEach((owner, pod) -> {
      JsonNode container = pod.path("spec").path("containers").path(0);
      Set<String> env = new TreeSet<>();
      container.path("env").forEach(e -> env.add(e.path("name").asString()));
      // The migration Job's mode needs the database only (no Quarkus, no Keycloak).
      boolean migrate = "migrate".equals(env(container).get("WARMSTART_MODE"));
      for (String key : migrate ? List.of("WARMSTART_MODE", "WARMSTART_DB_USER", "WARMSTART_DB_PASSWORD", "JAVA_TOOL_OPTIONS")
          : List.of("WARMSTART_MODE", "WARMSTART_DB_USER", "WARMSTART_DB_PASSWORD", "WARMSTART_KEYCLOAK_PLATFORM_SECRET", "JAVA_TOOL_OPTIONS")) {
        assertTrue(env.contains(key), owner + " lacks " + key);
      }
    });
  }

  @Test
  void databaseAndKeycloakUrlsNameTheOperatorServices() {
    String url = the("ConfigMap", "warmstart-config").content().path("data").path("WARMSTART_DB_URL").asString();
    Matcher jdbc = Pattern.compile("^jdbc:postgresql://([a-z0-9-]+)-rw:5432/([a-z_]+)(\\?.*)?$").matcher(url);
    assertTrue(jdbc.matches(), "WARMSTART_DB_URL must name a CNPG <cluster>-rw service: " + url);
    JsonNode cluster = the("Cluster", jdbc.group(1)).content();
    assertEquals(jdbc.group(2), cluster.at("/spec/bootstrap/initdb/database").asString());
    assertSecretKey("Cluster " + jdbc.group(1), cluster.at("/spec/bootstrap/initdb/secret/name").asString(), "username");

    String keycloakUrl = the("ConfigMap", "warmstart-config").content().path("data").path("WARMSTART_KEYCLOAK_URL").asString();
    Matcher service = Pattern.compile("^http://([a-z0-9-]+)-service:(\\d+)$").matcher(keycloakUrl);
    assertTrue(service.matches(), "WARMSTART_KEYCLOAK_URL must name the Keycloak operator's <name>-service: " + keycloakUrl);
    JsonNode keycloak = the("Keycloak", service.group(1)).content();
    assertTrue(keycloak.at("/spec/http/httpEnabled").asBoolean(false), "the internal URL is plain HTTP");
    assertEquals(service.group(2), keycloak.at("/spec/http/httpPort").asString("8080"));

    String dbHost = keycloak.at("/spec/db/host").asString();
    assertTrue(dbHost.endsWith("-rw"), "Keycloak's database host is a CNPG -rw service: " + dbHost);
    String keycloakCluster = dbHost.substring(0, dbHost.length() - 3);
    JsonNode keycloakDb = the("Cluster", keycloakCluster).content();
    assertEquals(keycloakDb.at("/spec/bootstrap/initdb/database").asString(), keycloak.at("/spec/db/database").asString());
    assertEquals(keycloakCluster + "-app", keycloak.at("/spec/db/usernameSecret/name").asString(),
        "without initdb.secret, CNPG names the owner's Secret <cluster>-app");
    assertTrue(keycloakDb.at("/spec/bootstrap/initdb/secret").isMissingNode());
  }

  @Test
  void backupsAndSchedulesReferToExistingClustersAndSecrets() {
    Set<String> clusters = ofKind("Cluster").stream().map(Manifests.Document::name).collect(Collectors.toSet());
    for (Manifests.Document backup : ofKind("ScheduledBackup")) {
      assertTrue(clusters.contains(backup.content().at("/spec/cluster/name").asString()), backup.label());
    }
    for (Manifests.Document cluster : ofKind("Cluster")) {
      JsonNode s3 = cluster.content().at("/spec/backup/barmanObjectStore/s3Credentials");
      for (String field : List.of("accessKeyId", "secretAccessKey")) {
        assertSecretKey(cluster.label(), s3.path(field).path("name").asString(), s3.path(field).path("key").asString());
      }
      assertTrue(ofKind("ScheduledBackup").stream().anyMatch(b -> b.content().at("/spec/cluster/name").asString().equals(cluster.name())),
          cluster.label() + " has no ScheduledBackup: point-in-time recovery needs base backups");
    }
  }

  @Test
  void selectorsAndTargetsMatchTheWorkloads() {
    Map<String, JsonNode> podLabels = new HashMap<>();
    for (Manifests.Document deployment : ofKind("Deployment")) {
      JsonNode labels = deployment.content().at("/spec/template/metadata/labels");
      deployment.content().at("/spec/selector/matchLabels").properties().forEach(e ->
          assertEquals(e.getValue().asString(), labels.path(e.getKey()).asString(), deployment.label() + " selector vs template"));
      podLabels.put(deployment.name(), labels);
    }
    for (Manifests.Document service : ofKind("Service")) {
      JsonNode selector = service.content().at("/spec/selector");
      assertTrue(podLabels.values().stream().anyMatch(labels -> matches(selector, labels)), service.label() + " selects no pod");
    }
    for (Manifests.Document pdb : ofKind("PodDisruptionBudget")) {
      JsonNode selector = pdb.content().at("/spec/selector");
      assertFalse(selector.isMissingNode() || selector.isEmpty(), pdb.label() + " selects every pod");
      assertTrue(Pods.inNamespace(documents).values().stream().anyMatch(pod -> Pods.selects(selector, pod.labels())),
          pdb.label() + " selects no pod (of the manifests or of the operators)");
    }
    for (Manifests.Document hpa : ofKind("HorizontalPodAutoscaler")) {
      JsonNode target = hpa.content().at("/spec/scaleTargetRef");
      assertEquals("Deployment", target.path("kind").asString());
      assertTrue(podLabels.containsKey(target.path("name").asString()), hpa.label() + " targets a missing Deployment");
      assertTrue(hpa.content().at("/spec/minReplicas").asInt() >= 3, "at least 3 API replicas");
    }
    for (Manifests.Document ingress : ofKind("Ingress")) {
      Set<String> services = ofKind("Service").stream().map(Manifests.Document::name).collect(Collectors.toSet());
      ingress.content().at("/spec/rules").forEach(rule -> rule.at("/http/paths").forEach(path ->
          assertTrue(services.contains(path.at("/backend/service/name").asString()), ingress.label() + " routes to a missing Service")));
    }
  }

  private static boolean matches(JsonNode selector, JsonNode labels) {
    if (selector.isMissingNode() || selector.isEmpty()) {
      return false;
    }
    for (Map.Entry<String, JsonNode> e : selector.properties()) {
      if (!e.getValue().asString().equals(labels.path(e.getKey()).asString(null))) {
        return false;
      }
    }
    return true;
  }

  @Test
  void platformPodsFollowTheDeploymentRules() {
    podTemplates().forEach((owner, pod) -> {
      JsonNode spec = pod.path("spec");
      assertTrue(spec.at("/securityContext/runAsNonRoot").asBoolean(false), owner + ": runAsNonRoot");
      assertEquals(185, spec.at("/securityContext/runAsUser").asInt(), owner + ": runAsUser 185");
      assertFalse(spec.path("automountServiceAccountToken").asBoolean(true), owner + ": no service account token");
      for (JsonNode container : spec.path("containers")) {
        String image = container.path("image").asString();
        assertFalse(image.endsWith(":latest") || !image.contains(":"), owner + ": pin the image tag");
        assertTrue(container.at("/securityContext/readOnlyRootFilesystem").asBoolean(false), owner + ": readOnlyRootFilesystem");
        assertFalse(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true), owner + ": allowPrivilegeEscalation");
        assertEquals("ALL", container.at("/securityContext/capabilities/drop/0").asString(), owner + ": drop ALL capabilities");
        assertTrue(container.at("/resources/requests/cpu").isValueNode() && container.at("/resources/limits/memory").isValueNode(),
            owner + ": CPU request and memory limit");
        Set<String> mounts = new TreeSet<>();
        container.path("volumeMounts").forEach(m -> mounts.add(m.path("mountPath").asString()));
        assertTrue(mounts.contains("/tmp"), owner + ": /tmp must be writable (emptyDir)");
      }
      Set<String> emptyDirs = new TreeSet<>();
      spec.path("volumes").forEach(v -> {
        if (v.has("emptyDir")) {
          emptyDirs.add(v.path("name").asString());
        }
      });
      assertTrue(emptyDirs.contains("tmp"), owner + ": /tmp is an emptyDir");
      // Pods that serve HTTP (all but the migration Job) can be scraped by annotation as well as by PodMonitor.
      if (!spec.at("/containers/0/ports").isMissingNode()) {
        assertEquals("/q/metrics", pod.at("/metadata/annotations/prometheus.io~1path").asString(), owner + ": Prometheus annotations");
        assertEquals("true", pod.at("/metadata/annotations/prometheus.io~1scrape").asString());
        assertEquals("8080", pod.at("/metadata/annotations/prometheus.io~1port").asString());
      }
    });
  }

  @Test
  void theApiServesAndLeavesTrainingToTheWorkers() {
    JsonNode api = the("Deployment", "warmstart-api").content();
    assertEquals(3, api.at("/spec/replicas").asInt());
    JsonNode container = api.at("/spec/template/spec/containers/0");
    Map<String, String> env = env(container);
    assertEquals("api", env.get("WARMSTART_MODE"));
    assertEquals("false", env.get("WARMSTART_JOBS_WORKER_ENABLED"));
    assertEquals("/q/health/live", container.at("/livenessProbe/httpGet/path").asString());
    assertEquals("/q/health/ready", container.at("/readinessProbe/httpGet/path").asString());
    assertTrue(container.has("startupProbe"));

    Map<String, String> worker = env(the("Deployment", "warmstart-worker").content().at("/spec/template/spec/containers/0"));
    assertEquals("worker", worker.get("WARMSTART_MODE"));
    assertFalse("meta-train".equals(worker.get("WARMSTART_JOBS_KINDS")), "CPU workers are not the meta-training runners");
  }

  @Test
  void metaTrainingRunsOnAGpuAndOnlyTakesMetaTrainJobs() {
    JsonNode cron = the("CronJob", "warmstart-meta-train").content();
    JsonNode pod = cron.at("/spec/jobTemplate/spec/template/spec");
    JsonNode container = pod.at("/containers/0");
    Map<String, String> env = env(container);
    assertEquals("worker", env.get("WARMSTART_MODE"));
    assertEquals("meta-train", env.get("WARMSTART_JOBS_KINDS"));
    assertEquals("true", env.get("WARMSTART_JOBS_EXIT_WHEN_IDLE"));
    assertEquals("true", env.get("WARMSTART_JOBS_META_TRAIN_AT_START"));
    assertEquals(1, container.at("/resources/limits/nvidia.com~1gpu").asInt());
    assertFalse(pod.path("nodeSelector").isEmpty(), "GPU nodes are selected");
    assertTrue(pod.path("tolerations").toString().contains("nvidia.com/gpu"), "GPU taint tolerated");
    String libtorch = env.get("PYTORCH_LIBRARY_PATH");
    assertNotNull(libtorch);
    assertTrue(container.path("volumeMounts").toString().contains("\"" + libtorch.replaceAll("/lib$", "") + "\""),
        "PYTORCH_LIBRARY_PATH lies on a mounted volume");
    String claim = pod.at("/volumes").findValue("claimName").asString();
    the("PersistentVolumeClaim", claim);
    assertEquals("Forbid", cron.at("/spec/concurrencyPolicy").asString());
  }

  /**
   * Every platform process at its most (autoscaler maximum plus the rolling update's surge; a CronJob's
   * parallelism) times its connection pool must fit PostgreSQL's max_connections, less the superuser's
   * reserved connections and a margin for the operator, backups and a person with psql. Otherwise a
   * scale-out or a rollout at peak turns into "too many clients" for every tenant.
   */
  @Test
  void theConnectionBudgetFitsPostgres() {
    int reservedForSuperuser = 3;
    int reservedForOperatorsAndPeople = 10;
    JsonNode parameters = the("Cluster", "warmstart-db").content().at("/spec/postgresql/parameters");
    int maxConnections = Integer.parseInt(parameters.path("max_connections").asString());
    int defaultPool = Integer.parseInt(the("ConfigMap", "warmstart-config").content().at("/data/WARMSTART_DB_POOL_SIZE").asString());
    Map<String, Integer> use = new TreeMap<>();
    for (Manifests.Document deployment : ofKind("Deployment")) {
      JsonNode spec = deployment.content().path("spec");
      if (!spec.at("/template/metadata/labels/app.kubernetes.io~1part-of").asString("").equals("warmstart")
          || !env(spec.at("/template/spec/containers/0")).containsKey("WARMSTART_MODE")) {
        continue;
      }
      int replicas = ofKind("HorizontalPodAutoscaler").stream()
          .filter(h -> h.content().at("/spec/scaleTargetRef/name").asString().equals(deployment.name()))
          .map(h -> h.content().at("/spec/maxReplicas").asInt()).findFirst()
          .or(() -> ofKind("ScaledObject").stream()
              .filter(o -> o.content().at("/spec/scaleTargetRef/name").asString().equals(deployment.name()))
              .map(o -> o.content().at("/spec/maxReplicaCount").asInt(100)).findFirst())
          .orElse(spec.path("replicas").asInt(1));
      JsonNode surge = spec.at("/strategy/rollingUpdate/maxSurge");
      int extra = surge.isMissingNode() ? (int) Math.ceil(replicas * 0.25)
          : surge.isNumber() ? surge.asInt() : (int) Math.ceil(replicas * Integer.parseInt(surge.asString().replace("%", "")) / 100.0);
      int pool = poolSize(spec.at("/template/spec/containers/0"), defaultPool);
      use.put(deployment.label(), (replicas + extra) * pool);
    }
    for (Manifests.Document cron : ofKind("CronJob")) {
      JsonNode job = cron.content().at("/spec/jobTemplate/spec");
      assertEquals("Forbid", cron.content().at("/spec/concurrencyPolicy").asString(), cron.label() + ": runs may not overlap");
      use.put(cron.label(), job.path("parallelism").asInt(1) * poolSize(job.at("/template/spec/containers/0"), defaultPool));
    }
    for (Manifests.Document scaled : ofKind("ScaledJob")) {
      JsonNode spec = scaled.content().path("spec");
      use.put(scaled.label(), spec.path("maxReplicaCount").asInt(100) * spec.at("/jobTargetRef/parallelism").asInt(1)
          * poolSize(spec.at("/jobTargetRef/template/spec/containers/0"), defaultPool));
    }
    for (Manifests.Document job : ofKind("Job")) {
      // The migration Job: Flyway holds one connection, and briefly a second one.
      use.put(job.label(), job.content().at("/spec/parallelism").asInt(1) * 2);
    }
    assertTrue(use.size() >= 4, "API, worker, meta-training and migration workloads found: " + use);
    int total = use.values().stream().mapToInt(Integer::intValue).sum();
    int budget = maxConnections - reservedForSuperuser - reservedForOperatorsAndPeople;
    assertTrue(total <= budget, "connections at most " + total + " " + use + " > max_connections " + maxConnections + " less "
        + (reservedForSuperuser + reservedForOperatorsAndPeople) + " reserved");
  }

  private static int poolSize(JsonNode container, int defaultPool) {
    String own = env(container).get("WARMSTART_DB_POOL_SIZE");
    return own == null ? defaultPool : Integer.parseInt(own);
  }

  private static Map<String, String> env(JsonNode container) {
    Map<String, String> env = new TreeMap<>();
    container.path("env").forEach(e -> {
      if (e.has("value")) {
        env.put(e.path("name").asString(), e.path("value").asString());
      }
    });
    return env;
  }

  // --- Availability --------------------------------------------------------------------------------

  /**
   * A node drain (cluster upgrade, autoscaler scale-in) may evict only so many pods of a workload at once:
   * every workload with more than one replica has a PodDisruptionBudget selecting its pods. CNPG clusters
   * get theirs from the operator (enablePDB, on unless switched off).
   */
  @Test
  void everyMultiReplicaWorkloadHasADisruptionBudget() {
    Map<String, Integer> replicas = new TreeMap<>();
    Map<String, Map<String, String>> labels = new TreeMap<>();
    for (Manifests.Document deployment : ofKind("Deployment")) {
      int max = ofKind("HorizontalPodAutoscaler").stream()
          .filter(h -> h.content().at("/spec/scaleTargetRef/name").asString().equals(deployment.name()))
          .map(h -> h.content().at("/spec/maxReplicas").asInt()).findFirst().orElse(deployment.content().at("/spec/replicas").asInt(1));
      replicas.put(deployment.label(), max);
      labels.put(deployment.label(), Pods.labels(deployment.content().at("/spec/template/metadata/labels")));
    }
    for (Manifests.Document keycloak : ofKind("Keycloak")) {
      replicas.put(keycloak.label(), keycloak.content().at("/spec/instances").asInt(1));
      labels.put(keycloak.label(), Pods.keycloakPodLabels(keycloak.name()));
    }
    assertTrue(replicas.size() >= 3, "API, workers and Keycloak: " + replicas);
    replicas.forEach((workload, count) -> {
      if (count > 1) {
        List<Manifests.Document> budgets = ofKind("PodDisruptionBudget").stream()
            .filter(pdb -> Pods.selects(pdb.content().at("/spec/selector"), labels.get(workload))).toList();
        assertEquals(1, budgets.size(), workload + " (" + count + " replicas) needs exactly one PodDisruptionBudget: " + budgets);
        JsonNode spec = budgets.get(0).content().path("spec");
        int maxUnavailable = spec.path("maxUnavailable").asInt(0);
        int minAvailable = spec.path("minAvailable").asInt(0);
        assertTrue(maxUnavailable >= 1 || (minAvailable >= 1 && minAvailable < count),
            workload + ": the budget must allow a drain to proceed (maxUnavailable >= 1 or minAvailable < replicas)");
      }
    });
    for (Manifests.Document cluster : ofKind("Cluster")) {
      assertTrue(cluster.content().at("/spec/enablePDB").asBoolean(true), cluster.label() + ": CNPG manages the budgets of its instances");
    }
  }

  /**
   * The database survives the loss of a zone: the platform cluster spreads its instances over zones (one
   * synchronous standby elsewhere), on top of the one-instance-per-node anti-affinity.
   */
  @Test
  void databasesSpreadOverZonesAndNodes() {
    for (Manifests.Document cluster : ofKind("Cluster")) {
      JsonNode spec = cluster.content().path("spec");
      assertTrue(spec.at("/affinity/enablePodAntiAffinity").asBoolean(false), cluster.label() + ": one instance per node");
      assertEquals("kubernetes.io/hostname", spec.at("/affinity/topologyKey").asString(), cluster.label());
      JsonNode zones = null;
      for (JsonNode constraint : spec.path("topologySpreadConstraints")) {
        if (constraint.path("topologyKey").asString().equals("topology.kubernetes.io/zone")) {
          zones = constraint;
        }
      }
      assertNotNull(zones, cluster.label() + ": no topology spread over zones");
      assertEquals(1, zones.path("maxSkew").asInt(), cluster.label());
      assertTrue(Pods.selects(zones.path("labelSelector"), Map.of("cnpg.io/cluster", cluster.name())),
          cluster.label() + ": the spread must select this cluster's instances (cnpg.io/cluster)");
      assertFalse(Pods.selects(zones.path("labelSelector"), Map.of("cnpg.io/cluster", "another-cluster")),
          cluster.label() + ": the spread must not count other clusters' instances");
    }
  }

  // --- Images ----------------------------------------------------------------------------------------

  /** The placeholder digest of kustomization.yaml until infra/k8s/pin-images.sh fills in the real one. */
  static final String DIGEST_PLACEHOLDER = "sha256:PIN-AT-RELEASE";
  private static final Pattern DIGEST = Pattern.compile("^sha256:[0-9a-f]{64}$");

  /**
   * Every image that the manifests run (containers of every pod template, CNPG's imageName) is rewritten by
   * a kustomize `images:` entry that pins it by digest, so `kubectl apply -k` deploys name:tag@sha256:...
   * only. The digest is a real one (64 hex digits) or the documented placeholder that pin-images.sh replaces
   * at release; with -Dwarmstart.k8s.release=true (the release pipeline, after pin-images.sh) a placeholder
   * fails too. Custom-resource image fields must be declared to kustomize (kustomizeconfig/images.yaml),
   * or kustomize would leave them unpinned.
   */
  @Test
  void everyImageIsPinnedByDigest() {
    Path dir = Manifests.directory();
    boolean release = Boolean.getBoolean("warmstart.k8s.release");
    JsonNode main = Yaml.documents(dir.resolve("kustomization.yaml")).get(0);
    Map<String, JsonNode> entries = new TreeMap<>();
    main.path("images").forEach(e -> entries.put(e.path("name").asString(), e));
    Set<String> customImageFields = new TreeSet<>();
    for (JsonNode config : main.path("configurations")) {
      Yaml.documents(dir.resolve(config.asString())).get(0).path("images")
          .forEach(f -> customImageFields.add(f.path("kind").asString() + ":" + f.path("path").asString()));
    }
    Map<String, String> images = new TreeMap<>();
    podTemplates().forEach((owner, pod) -> {
      for (String list : List.of("initContainers", "containers")) {
        pod.path("spec").path(list).forEach(c -> images.put(owner + " " + c.path("name").asString(), c.path("image").asString()));
      }
    });
    for (Manifests.Document cluster : ofKind("Cluster")) {
      assertTrue(customImageFields.contains("Cluster:spec/imageName"), "kustomize must know Cluster spec/imageName (kustomizeconfig/images.yaml)");
      images.put(cluster.label() + " imageName", cluster.content().at("/spec/imageName").asString());
    }
    for (Manifests.Document keycloak : ofKind("Keycloak")) {
      // Without spec.image the operator runs the Keycloak image of its own release: pin the operator's image
      // (and its RELATED_IMAGE_KEYCLOAK) by digest where the operator is installed (docs/deployment.md).
      assertTrue(keycloak.content().at("/spec/image").isMissingNode() || customImageFields.contains("Keycloak:spec/image"),
          keycloak.label() + ": a Keycloak spec.image needs a kustomize field spec to be pinned");
    }
    assertTrue(images.size() >= 5, "images found: " + images);
    List<String> problems = new ArrayList<>();
    images.forEach((where, image) -> {
      String name = image.replaceFirst("@.*$", "").replaceFirst(":[^:/]+$", "");
      JsonNode entry = entries.get(name);
      if (entry == null) {
        problems.add(where + ": " + image + " has no `images:` entry in kustomization.yaml");
        return;
      }
      String digest = entry.path("digest").asString("");
      if (!(DIGEST.matcher(digest).matches() || (!release && digest.equals(DIGEST_PLACEHOLDER)))) {
        problems.add(where + ": " + name + " is not pinned by digest (digest: '" + digest + "')"
            + (release ? "; run infra/k8s/pin-images.sh" : ""));
      }
      if (entry.path("newTag").isMissingNode() && !image.contains(":")) {
        problems.add(where + ": " + name + " has no tag: pin name:tag@digest, so that people can read the version");
      }
    });
    assertTrue(problems.isEmpty(), String.join("\n", problems));
    // The other kustomizations (migrate/, keda/) pin the same images the same way.
    for (Path other : Manifests.files().stream().filter(Manifests::isKustomization).filter(f -> !f.getParent().equals(dir)).toList()) {
      for (JsonNode entry : Yaml.documents(other).get(0).path("images")) {
        assertEquals(entries.get(entry.path("name").asString()), entry, other + ": images differ from kustomization.yaml");
      }
    }
  }

  // --- Migrations ------------------------------------------------------------------------------------

  /** Merged environment of a container: its envFrom ConfigMaps, then its own `env` values (which win). */
  private static Map<String, String> effectiveEnv(JsonNode container) {
    Map<String, String> env = new TreeMap<>();
    for (JsonNode from : container.path("envFrom")) {
      String map = from.path("configMapRef").path("name").asString(null);
      if (map != null) {
        the("ConfigMap", map).content().path("data").properties().forEach(e -> env.put(e.getKey(), e.getValue().asString()));
      }
    }
    env.putAll(env(container));
    return env;
  }

  /**
   * Flyway runs in the migration Job only (WARMSTART_MODE=migrate, same image), which runs before the pods
   * roll (docs/deployment.md): every serving or working pod starts with migrate-at-start off and
   * validate-at-start on, so a pod of a release whose migrations did not run refuses to start.
   */
  @Test
  void onlyTheMigrationJobMigrates() {
    List<Manifests.Document> jobs = ofKind("Job").stream()
        .filter(j -> "migrate".equals(effectiveEnv(j.content().at("/spec/template/spec/containers/0")).get("WARMSTART_MODE"))).toList();
    assertEquals(1, jobs.size(), "one migration Job: " + jobs);
    JsonNode job = jobs.get(0).content();
    assertEquals("Never", job.at("/spec/template/spec/restartPolicy").asString());
    assertTrue(job.at("/spec/backoffLimit").asInt(6) <= 2, "a failing migration stops the release quickly");
    assertTrue(job.at("/spec/activeDeadlineSeconds").isNumber(), "a hanging migration (a lock) ends");
    podTemplates().forEach((owner, pod) -> {
      Map<String, String> env = effectiveEnv(pod.at("/spec/containers/0"));
      if (!"migrate".equals(env.get("WARMSTART_MODE"))) {
        assertEquals("false", env.get("QUARKUS_FLYWAY_MIGRATE_AT_START"), owner + ": pods must not migrate at start");
        assertEquals("true", env.get("QUARKUS_FLYWAY_VALIDATE_AT_START"), owner + ": pods must refuse a schema with pending migrations");
      }
    });
  }

  // --- KEDA ----------------------------------------------------------------------------------------

  /** The columns KEDA's read-only role may read (docs/deployment.md grants exactly these). */
  private static final Set<String> KEDA_COLUMNS = Set.of("kind", "status", "run_after");
  private static final Set<String> SQL_WORDS = Set.of("select", "count", "from", "where", "and", "or", "in", "not", "now",
      "interval", "is", "null");

  /** The columns of the jobs table and the statuses its CHECK constraint allows, read from the migrations. */
  private static Map<String, Set<String>> jobsTable() throws IOException {
    Path migrations = Manifests.directory().resolve("../../platform-api/src/main/resources/db/migration").normalize();
    String v3 = Files.readString(migrations.resolve("V3__jobs.sql"));
    Matcher table = Pattern.compile("CREATE TABLE jobs \\((.*?)\\n\\);", Pattern.DOTALL).matcher(v3);
    assertTrue(table.find(), "CREATE TABLE jobs in V3__jobs.sql");
    Set<String> columns = new TreeSet<>();
    for (String line : table.group(1).split("\n")) {
      Matcher column = Pattern.compile("^\\s+([a-z_]+)\\s+(text|bigint|jsonb|integer|timestamptz|double precision)").matcher(line);
      if (column.find()) {
        columns.add(column.group(1));
      }
    }
    try (var files = Files.list(migrations)) {
      for (Path file : files.toList()) {
        Matcher added = Pattern.compile("ALTER TABLE jobs ADD COLUMN (IF NOT EXISTS )?([a-z_]+)", Pattern.CASE_INSENSITIVE).matcher(Files.readString(file));
        while (added.find()) {
          columns.add(added.group(2));
        }
      }
    }
    Matcher check = Pattern.compile("CHECK \\(status IN \\(([^)]*)\\)\\)").matcher(v3);
    assertTrue(check.find(), "the status CHECK constraint of jobs");
    Set<String> statuses = new TreeSet<>();
    Matcher literal = Pattern.compile("'([A-Z]+)'").matcher(check.group(1));
    while (literal.find()) {
      statuses.add(literal.group(1));
    }
    return Map.of("columns", columns, "statuses", statuses);
  }

  /**
   * KEDA (infra/k8s/keda/, optional; its CRD schemas are not vendored, so this is their only check): the
   * scalers count the real queue. Each targets an existing workload whose job kinds its query counts; the
   * query is one read-only SELECT on the jobs table whose columns exist (migrations), uses only the columns the
   * read-only role is granted, and only statuses the table allows; the worker's target per replica equals the
   * jobs one worker pod runs at once (WARMSTART_JOBS_WORKER_THREADS); the host is the platform database's CNPG
   * read-write service; credentials come from a TriggerAuthentication whose Secret keys exist.
   */
  @Test
  void kedaScalesOnTheRealQueue() throws IOException {
    Map<String, Set<String>> jobs = jobsTable();
    assertTrue(jobs.get("columns").containsAll(KEDA_COLUMNS), "jobs columns " + jobs.get("columns"));
    String dbUrl = the("ConfigMap", "warmstart-config").content().at("/data/WARMSTART_DB_URL").asString();
    Matcher jdbc = Pattern.compile("^jdbc:postgresql://([a-z0-9-]+):(\\d+)/([a-z_]+)").matcher(dbUrl);
    assertTrue(jdbc.find(), dbUrl);
    List<Manifests.Document> scalers = new ArrayList<>(ofKind("ScaledObject"));
    scalers.addAll(ofKind("ScaledJob"));
    assertEquals(2, scalers.size(), "a ScaledObject for the workers and a ScaledJob for meta-training: " + scalers);
    for (Manifests.Document scaler : scalers) {
      JsonNode spec = scaler.content().path("spec");
      JsonNode container;
      if (scaler.kind().equals("ScaledObject")) {
        JsonNode target = spec.path("scaleTargetRef");
        assertEquals("Deployment", target.path("kind").asString("Deployment"), scaler.label());
        Manifests.Document deployment = the("Deployment", target.path("name").asString());
        assertTrue(ofKind("HorizontalPodAutoscaler").stream().noneMatch(h -> h.content().at("/spec/scaleTargetRef/name").asString()
            .equals(deployment.name())), scaler.label() + ": KEDA creates the HPA; a second one would fight it");
        container = deployment.content().at("/spec/template/spec/containers/0");
        assertTrue(spec.path("minReplicaCount").asInt(0) >= 1 && spec.path("maxReplicaCount").asInt(0) >= spec.path("minReplicaCount").asInt(0),
            scaler.label() + ": replica bounds");
      } else {
        container = spec.at("/jobTargetRef/template/spec/containers/0");
        assertEquals(1, spec.path("maxReplicaCount").asInt(0), scaler.label() + ": one GPU pod at a time");
        Map<String, String> env = effectiveEnv(container);
        assertEquals("true", env.get("WARMSTART_JOBS_EXIT_WHEN_IDLE"), scaler.label() + ": the pod ends when the queue is empty");
        assertFalse("true".equals(env.get("WARMSTART_JOBS_META_TRAIN_AT_START")), scaler.label() + ": it runs queued jobs, it does not queue");
      }
      Map<String, String> env = effectiveEnv(container);
      String kinds = env.get("WARMSTART_JOBS_KINDS");
      assertNotNull(kinds, scaler.label() + ": the scaled pods must take a known set of job kinds");
      JsonNode triggers = spec.path("triggers");
      assertEquals(1, triggers.size(), scaler.label());
      JsonNode trigger = triggers.get(0);
      assertEquals("postgresql", trigger.path("type").asString(), scaler.label());
      JsonNode metadata = trigger.path("metadata");
      assertEquals(jdbc.group(1), metadata.path("host").asString(), scaler.label() + ": the CNPG read-write service of WARMSTART_DB_URL");
      assertEquals(jdbc.group(2), metadata.path("port").asString(), scaler.label());
      assertEquals(jdbc.group(3), metadata.path("dbName").asString(), scaler.label());
      assertNotEquals("disable", metadata.path("sslmode").asString("disable"), scaler.label() + ": CNPG serves TLS");
      if (scaler.kind().equals("ScaledObject")) {
        assertEquals(env.get("WARMSTART_JOBS_WORKER_THREADS"), metadata.path("targetQueryValue").asString(),
            scaler.label() + ": one replica per WARMSTART_JOBS_WORKER_THREADS runnable jobs");
      }
      String query = metadata.path("query").asString();
      assertTrue(query.matches("(?i)^SELECT count\\(\\*\\) FROM jobs WHERE [^;]+$"), scaler.label() + ": one read-only count over jobs: " + query);
      Matcher kind = Pattern.compile("kind = '([a-z-]+)'").matcher(query);
      assertTrue(kind.find() && Set.of(kinds.split(",")).contains(kind.group(1)),
          scaler.label() + ": the query must count the kind its pods take (" + kinds + "): " + query);
      Matcher literal = Pattern.compile("'([A-Z]+)'").matcher(query);
      while (literal.find()) {
        assertTrue(jobs.get("statuses").contains(literal.group(1)), scaler.label() + ": status " + literal.group(1) + " is not one of " + jobs.get("statuses"));
      }
      Matcher identifier = Pattern.compile("\\b[a-z_]+\\b").matcher(query.toLowerCase().replaceAll("'[^']*'", "''"));
      while (identifier.find()) {
        String word = identifier.group();
        if (!SQL_WORDS.contains(word) && !word.equals("jobs")) {
          assertTrue(KEDA_COLUMNS.contains(word), scaler.label() + ": " + word + " is not among the columns KEDA's role may read " + KEDA_COLUMNS);
        }
      }
      String authentication = trigger.at("/authenticationRef/name").asString();
      JsonNode auth = the("TriggerAuthentication", authentication).content();
      Set<String> parameters = new TreeSet<>();
      for (JsonNode ref : auth.at("/spec/secretTargetRef")) {
        parameters.add(ref.path("parameter").asString());
        assertSecretKey(scaler.label() + " via " + authentication, ref.path("name").asString(), ref.path("key").asString());
      }
      assertEquals(Set.of("userName", "password"), parameters, authentication + ": KEDA's own login, not the platform's");
      assertFalse(auth.at("/spec/secretTargetRef").toString().contains("warmstart-db-credentials"),
          authentication + ": KEDA reads with its read-only role, never the owner's credentials");
    }
  }

  // --- Observability ---------------------------------------------------------------------------------

  /**
   * The platform runs with the `kubernetes` Quarkus profile, and that profile switches the console log to
   * JSON in platform-api's application.properties (ClusterProfileTest there resolves it with SmallRye Config).
   */
  @Test
  void thePlatformLogsJsonInTheCluster() throws IOException {
    podTemplates().forEach((owner, pod) -> {
      String profiles = effectiveEnv(pod.at("/spec/containers/0")).getOrDefault("QUARKUS_PROFILE", "");
      assertTrue(List.of(profiles.split(",")).contains("kubernetes"), owner + ": QUARKUS_PROFILE must include kubernetes: " + profiles);
      assertTrue(List.of(profiles.split(",")).contains("prod"), owner + ": keep the prod profile too: " + profiles);
    });
    Path properties = Manifests.directory().resolve("../../platform-api/src/main/resources/application.properties").normalize();
    java.util.Properties config = new java.util.Properties();
    try (var in = Files.newBufferedReader(properties)) {
      config.load(in);
    }
    assertEquals("true", config.getProperty("%kubernetes.quarkus.log.console.json.enabled"), properties + ": JSON logs in the kubernetes profile");
    assertEquals("false", config.getProperty("quarkus.log.console.json.enabled"), properties + ": line logs elsewhere");
    assertFalse(the("ConfigMap", "warmstart-config").content().at("/data").has("QUARKUS_LOG_CONSOLE_FORMAT"),
        "a console format is ignored by the JSON formatter: do not pretend to set it");
  }

  /**
   * Prometheus scrapes the API and the workers through the PodMonitor: it selects their pods, names a port
   * their containers declare, and the path the platform serves metrics on.
   */
  @Test
  void podMonitorsScrapeThePlatformPods() {
    List<Manifests.Document> monitors = ofKind("PodMonitor");
    assertFalse(monitors.isEmpty(), "no PodMonitor");
    Map<String, Pods.Pod> pods = Pods.inNamespace(documents);
    for (String workload : List.of("warmstart-api", "warmstart-worker", "warmstart-meta-train")) {
      Pods.Pod pod = pods.get(workload);
      List<Manifests.Document> scraping = monitors.stream().filter(m -> Pods.selects(m.content().at("/spec/selector"), pod.labels())).toList();
      assertEquals(1, scraping.size(), workload + " must be scraped by exactly one PodMonitor");
      JsonNode template = podTemplates().entrySet().stream().filter(e -> e.getKey().endsWith("/" + workload)).findFirst().orElseThrow().getValue();
      Set<String> ports = new TreeSet<>();
      template.at("/spec/containers").forEach(c -> c.path("ports").forEach(p -> ports.add(p.path("name").asString())));
      for (JsonNode endpoint : scraping.get(0).content().at("/spec/podMetricsEndpoints")) {
        assertTrue(ports.contains(endpoint.path("port").asString()), workload + " has no port " + endpoint.path("port") + ": " + ports);
        assertEquals("/q/metrics", endpoint.path("path").asString(), "the platform serves metrics on /q/metrics");
      }
    }
    assertFalse(monitors.stream().anyMatch(m -> Pods.selects(m.content().at("/spec/selector"), pods.get("warmstart-migrate").labels())),
        "the migration Job serves no metrics: do not scrape it");
    for (Manifests.Document monitor : monitors) {
      JsonNode spec = monitor.content().path("spec");
      for (String field : spec.propertyNames()) {
        assertTrue(Set.of("selector", "podMetricsEndpoints", "podTargetLabels", "namespaceSelector", "jobLabel").contains(field),
            monitor.label() + ": spec." + field + " is not among the fields this test knows (the CRD schema is not vendored)");
      }
      // kube-prometheus-stack selects PodMonitors and rules by its release label.
      assertEquals("kps", monitor.content().at("/metadata/labels/release").asString(), monitor.label());
    }
  }

  @Test
  void embeddedRealmIsTheRealmOfInfraKeycloakWithoutItsDevelopmentSecrets() throws IOException {
    Path file = Manifests.directory().resolve("../keycloak/warmstart-realm.json").normalize();
    JsonNode reference = JsonMapper.builder().build().readTree(Files.readString(file));
    Manifests.Document importDoc = the("KeycloakRealmImport", "warmstart-realm");
    JsonNode realm = importDoc.content().at("/spec/realm");
    the("Keycloak", importDoc.content().at("/spec/keycloakCRName").asString());

    assertEquals(reference.path("realm").asString(), realm.path("realm").asString());
    assertEquals(names(reference.at("/roles/realm"), "name"), names(realm.at("/roles/realm"), "name"), "realm roles");
    assertEquals(names(reference.path("clients"), "clientId"), names(realm.path("clients"), "clientId"), "clients");
    assertEquals(names(reference.path("users"), "username"), names(realm.path("users"), "username"), "users");
    for (JsonNode client : reference.path("clients")) {
      JsonNode embedded = byKey(realm.path("clients"), "clientId", client.path("clientId").asString());
      for (String flag : List.of("publicClient", "serviceAccountsEnabled", "standardFlowEnabled", "directAccessGrantsEnabled")) {
        assertEquals(client.path(flag).toString(), embedded.path(flag).toString(), client.path("clientId").asString() + "." + flag);
      }
      assertEquals(client.path("protocolMappers").toString(), embedded.path("protocolMappers").toString(),
          client.path("clientId").asString() + " protocol mappers (the warmstart-api audience)");
    }
    for (JsonNode user : reference.path("users")) {
      JsonNode embedded = byKey(realm.path("users"), "username", user.path("username").asString());
      assertEquals(user.path("realmRoles").toString(), embedded.path("realmRoles").toString(), "roles of " + user.path("username"));
      assertEquals(user.path("clientRoles").toString(), embedded.path("clientRoles").toString(), "client roles of " + user.path("username"));
    }

    // No development secret reaches the cluster; every ${PLACEHOLDER} is filled from a Secret.
    String text = realm.toString();
    assertFalse(text.contains("dev-secret"), "development client secrets in the embedded realm");
    for (JsonNode user : realm.path("users")) {
      for (JsonNode credential : user.path("credentials")) {
        assertTrue(credential.path("value").asString().startsWith("${"), "password of " + user.path("username") + " is a placeholder");
      }
    }
    Matcher placeholders = Pattern.compile("\\$\\{([A-Z0-9_]+)}").matcher(text);
    JsonNode declared = importDoc.content().at("/spec/placeholders");
    List<String> used = new ArrayList<>();
    while (placeholders.find()) {
      used.add(placeholders.group(1));
    }
    assertFalse(used.isEmpty());
    for (String name : used) {
      JsonNode secret = declared.path(name).path("secret");
      if (secret.isMissingNode()) {
        fail("placeholder ${" + name + "} is not declared in spec.placeholders");
      }
      assertSecretKey("placeholder " + name, secret.path("name").asString(), secret.path("key").asString());
    }
  }

  private static Set<String> names(JsonNode array, String field) {
    Set<String> names = new TreeSet<>();
    array.forEach(item -> names.add(item.path(field).asString()));
    return names;
  }

  private static JsonNode byKey(JsonNode array, String field, String value) {
    for (JsonNode item : array) {
      if (value.equals(item.path(field).asString())) {
        return item;
      }
    }
    throw new AssertionError("no " + field + "=" + value);
  }
}
