package io.warmstart.platform.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warmstart.platform.support.PlatformProcess;
import io.warmstart.platform.support.Tokens;
import io.warmstart.trainer.data.Dataset;
import io.warmstart.trainer.data.SyntheticGenerator;
import io.warmstart.trainer.data.TenantData;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scale-out layout with real processes on one database: a serving replica that runs no jobs,
 * and trainer workers ({@code ./warmstart worker}). A worker is killed (SIGKILL) in the middle of a
 * meta-training run; a second worker takes the job over, and the half-finished version is marked
 * failed. Then a new tenant is onboarded by that worker, and the serving replica, which never ran
 * the job, starts serving the promoted model on the notification alone (its periodic re-check is
 * set to ten minutes, longer than the test).
 */
class WorkerProcessIT {

  private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Dataset DATA = new SyntheticGenerator(99).generate(3, 1500, 3000, true);

  private final List<Process> processes = new ArrayList<>();
  private final Map<String, JsonNode> credentials = new java.util.HashMap<>();

  @Test
  void aKilledWorkersJobIsTakenOverAndItsModelReachesAnotherReplica(@TempDir Path home) throws Exception {
    assertTrue(Files.exists(JAR), "package the application first: " + JAR.toAbsolutePath());
    try (EmbeddedDatabase database = EmbeddedDatabase.start(home.resolve("pgdata"))) {
      int servingPort = PlatformProcess.freePort();
      String api = "http://localhost:" + servingPort;
      Process serving = start(home, database, "serving", servingPort, false);
      Process doomed = start(home, database, "worker-1", PlatformProcess.freePort(), true);
      PlatformProcess.awaitReady(api, serving);

      for (int t = 0; t < 2; t++) {
        String donor = "donor-" + t;
        createTenant(api, donor, false, true);
        ingest(api, donor, DATA.tenants().get(t));
      }
      JsonNode job = json(send("POST", api + "/v1/meta-inits/train", null, "{\"maxSeconds\":15}"), 202);
      String jobPath = api + "/v1/meta-inits/jobs/" + job.get("jobId").asLong();
      await(jobPath, j -> j.get("status").asText().equals("running") && j.path("progress").asDouble() >= 0.1, Duration.ofSeconds(120));
      doomed.destroyForcibly().waitFor();

      start(home, database, "worker-2", PlatformProcess.freePort(), true);
      JsonNode done = await(jobPath, j -> j.get("status").asText().matches("succeeded|failed"), Duration.ofSeconds(180));
      assertEquals("succeeded", done.get("status").asText(), done.toString());
      assertEquals(2, done.get("attempts").asInt(), "the second worker's attempt: " + done);
      JsonNode inits = json(send("GET", api + "/v1/meta-inits", null, null), 200);
      assertEquals(2, inits.size(), inits.toString());
      assertEquals("promoted", inits.get(0).get("status").asText(), inits.toString());
      assertEquals("failed", inits.get(1).get("status").asText(), inits.toString());
      assertTrue(inits.get(1).get("reason").asText().contains("worker stopped"), inits.toString());

      createTenant(api, "newcomer", true, false);
      TenantData newcomer = DATA.tenants().get(2);
      ingest(api, "newcomer", newcomer);
      String user = newcomer.userIds().get(newcomer.users()[0]);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      JsonNode list;
      do {
        Thread.sleep(250);
        list = json(send("GET", api + "/v1/recommendations/users/" + user, "newcomer", null), 200);
        JsonNode models = json(send("GET", api + "/v1/models", "newcomer", null), 200);
        if (models.size() > 0 && models.get(0).get("status").asText().matches("rejected|failed")) {
          throw new AssertionError("the newcomer's model was not promoted: " + models);
        }
      } while (!list.get("strategy").asText().equals("personalised") && System.nanoTime() < deadline);
      assertEquals("personalised", list.get("strategy").asText(), "the serving replica picked up the worker's model: " + list);
      assertEquals("v1", list.get("modelVersion").asText());
    } finally {
      for (Process process : processes) {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      }
    }
  }

  private Process start(Path home, EmbeddedDatabase database, String name, int port, boolean worker) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m", "-jar", JAR.toString()));
    if (worker) {
      command.add("worker");
    }
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.put("WARMSTART_HOME", home.toString());
    env.put("WARMSTART_PORT", Integer.toString(port));
    env.put("WARMSTART_DB_URL", database.jdbcUrl());
    env.put("WARMSTART_DB_USER", EmbeddedDatabase.USER);
    env.put("WARMSTART_KEYCLOAK_URL", SharedKeycloak.get().baseUrl());
    env.put("WARMSTART_JOBS_WORKER_ENABLED", Boolean.toString(worker));
    env.put("WARMSTART_JOBS_POLL_INTERVAL", "PT0.2S");
    env.put("WARMSTART_SERVING_REFRESH_INTERVAL", "PT10M");
    env.put("WARMSTART_TRAINING_META_TRAIN_CRON", "off");
    env.put("WARMSTART_TRAINING_READAPT_CRON", "off");
    // The unpacked libtorch of the unit tests, instead of unpacking it again per process.
    env.put("ENGINE_CACHE_DIR", Path.of("target", "djl-cache").toAbsolutePath().toString());
    builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve(name + ".log").toFile()));
    Process process = builder.start();
    processes.add(process);
    return process;
  }

  private void createTenant(String api, String id, boolean autoTraining, boolean share) throws Exception {
    JsonNode created = json(send("POST", api + "/v1/tenants", null, JSON.writeValueAsString(Map.of("id", id, "displayName", id, "kind", "media",
        "shareForMetaLearning", share, "settings", Map.of("autoTraining", autoTraining)))), 201);
    credentials.put(id, created.get("apiCredentials"));
  }

  private void ingest(String api, String tenant, TenantData data) throws Exception {
    List<Map<String, Object>> items = new ArrayList<>();
    for (int i = 0; i < data.numItems(); i++) {
      items.add(Map.of("id", data.itemIds().get(i), "title", data.content().get(i).title(), "categories", data.content().get(i).categories()));
    }
    json(send("PUT", api + "/v1/items", tenant, JSON.writeValueAsString(Map.of("items", items))), 200);
    List<Map<String, Object>> events = new ArrayList<>();
    for (int k = 0; k < data.numInteractions(); k++) {
      events.add(Map.of("eventId", "e" + k, "userId", data.userIds().get(data.users()[k]), "itemId", data.itemIds().get(data.items()[k]),
          "type", "view", "timestamp", data.timestamps()[k]));
    }
    json(send("POST", api + "/v1/events", tenant, JSON.writeValueAsString(Map.of("events", events))), 200);
  }

  private JsonNode await(String url, Predicate<JsonNode> condition, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = json(send("GET", url, null, null), 200);
      if (condition.test(last)) {
        return last;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("timed out at " + url + ": " + last);
  }

  private static JsonNode json(HttpResponse<String> response, int expectedStatus) throws IOException {
    assertEquals(expectedStatus, response.statusCode(), response.body());
    return JSON.readTree(response.body());
  }

  /** As the operator, or as the named tenant's backend. */
  private HttpResponse<String> send(String method, String url, String tenant, String json) throws Exception {
    JsonNode credential = tenant == null ? null : credentials.get(tenant);
    String token = credential == null ? SharedKeycloak.operatorToken()
        : Tokens.clientCredentials(credential.get("clientId").asText(), credential.get("clientSecret").asText());
    return PlatformProcess.send(method, url, token, json);
  }


}
