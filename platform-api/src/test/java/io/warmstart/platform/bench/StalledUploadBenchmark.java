package io.warmstart.platform.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warmstart.platform.support.PlatformProcess;
import io.warmstart.platform.support.StalledUpload;
import io.warmstart.platform.support.Tokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Another tenant's latency while one tenant stalls uploads, issue 13's reproduction: 16 chunked
 * {@code POST /v1/imports/events} of one tenant that send their header row and then nothing. The
 * platform runs as {@code ./warmstart run} starts it on a new installation (its own Keycloak and
 * PostgreSQL, default limits and timeouts). Each run measures the other tenant's reads of its own
 * data and an operator's tenant list, first undisturbed, then while the uploads stall; the report
 * gives the medians over the runs of p50 and p99, and counts every status answered (a 5xx
 * anywhere is the failure the issue describes).
 *
 * <p>Arguments: {@code --runs 5 --probes 300 --stalled 16 --home DIR (a new temporary one) --out
 * bench-out/stalled-uploads}.
 */
public final class StalledUploadBenchmark {

  private static final Path JAR = Path.of("platform-api", "target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The platform's default body idle timeout: the probes must be done before the stalled uploads are answered. */
  private static final Duration BODY_IDLE_TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  private final Map<Integer, Integer> statuses = new TreeMap<>();
  private final Map<Integer, Integer> attackerStatuses = new TreeMap<>();
  private String base;
  private String keycloak;

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = new LinkedHashMap<>();
    for (int i = 0; i + 1 < argv.length; i += 2) {
      args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
    }
    new StalledUploadBenchmark().run(args);
  }

  private void run(Map<String, String> args) throws Exception {
    int runs = Integer.parseInt(args.getOrDefault("runs", "5"));
    int probes = Integer.parseInt(args.getOrDefault("probes", "300"));
    int stalled = Integer.parseInt(args.getOrDefault("stalled", "16"));
    Path out = Files.createDirectories(Path.of(args.getOrDefault("out", "bench-out/stalled-uploads")));
    Path home = args.containsKey("home") ? Path.of(args.get("home")).toAbsolutePath() : Files.createTempDirectory("warmstart-stalled-uploads");
    int port = PlatformProcess.freePort();
    int keycloakPort = PlatformProcess.freePort();
    base = "http://127.0.0.1:" + port;
    keycloak = "http://127.0.0.1:" + keycloakPort;
    Process platform = start(home, port, keycloakPort, out.resolve("platform.log"));
    try {
      PlatformProcess.awaitReady(base, platform, Duration.ofMinutes(5));
      String operatorSecret = credential(home, "operator.client-secret");
      List<double[]> results = new ArrayList<>();
      for (int round = 1; round <= runs; round++) {
        String operator = Tokens.freshToken(keycloak, "warmstart-operator", operatorSecret);
        String attacker = tenantToken(operator, "attacker-" + round);
        String victim = tenantToken(operator, "victim-" + round);
        expect(200, send("PUT", "/v1/items", victim, "{\"items\":[{\"id\":\"b1\",\"title\":\"Dune\"}]}"));
        probe(victim, operator, probes); // warm-up: a new tenant's first reads fill caches
        double[] normal = percentiles(probe(victim, operator, probes));
        List<StalledUpload> uploads = new ArrayList<>();
        URI uri = URI.create(base);
        long attackStarted = System.nanoTime();
        for (int i = 0; i < stalled; i++) {
          uploads.add(StalledUpload.start(uri.getHost(), uri.getPort(), "/v1/imports/events", attacker, "text/csv", "user,item\n"));
        }
        Thread.sleep(500);
        double[] attacked = percentiles(probe(victim, operator, probes));
        long attackSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - attackStarted);
        for (StalledUpload upload : uploads) {
          attackerStatuses.merge(upload.answer(BODY_IDLE_TIMEOUT.plusSeconds(20)).status(), 1, Integer::sum);
          upload.close();
        }
        if (attackSeconds >= BODY_IDLE_TIMEOUT.toSeconds()) {
          System.out.printf("round %d: probing took %d s, longer than the stalled uploads lasted; use fewer probes%n", round, attackSeconds);
        }
        results.add(new double[] {normal[0], normal[1], attacked[0], attacked[1]});
        System.out.printf(Locale.ROOT, "round %d: normal p50 %.2f ms p99 %.2f ms; with %d stalled uploads p50 %.2f ms p99 %.2f ms%n",
            round, normal[0], normal[1], stalled, attacked[0], attacked[1]);
      }
      report(results, runs, probes, stalled, out);
    } finally {
      platform.destroy();
      if (!platform.waitFor(60, TimeUnit.SECONDS)) {
        platform.destroyForcibly();
      }
    }
  }

  /** The platform as ./warmstart run starts it, on its own installation; nothing external configured. */
  private static Process start(Path home, int port, int keycloakPort, Path log) throws IOException {
    if (!Files.exists(JAR)) {
      throw new IllegalStateException("Build the platform first (./mvnw -pl platform-api -am -DskipTests package): " + JAR);
    }
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g", "-jar",
        JAR.toString());
    Map<String, String> env = builder.environment();
    List.of("WARMSTART_DB_URL", "QUARKUS_DATASOURCE_JDBC_URL", "WARMSTART_KEYCLOAK_URL", "WARMSTART_HOST").forEach(env::remove);
    env.put("WARMSTART_HOME", home.toString());
    env.put("WARMSTART_PORT", Integer.toString(port));
    env.put("WARMSTART_KEYCLOAK_PORT", Integer.toString(keycloakPort));
    env.put("WARMSTART_TRAINING_META_TRAIN_CRON", "off");
    env.put("ENGINE_CACHE_DIR", Path.of("platform-api", "target", "djl-cache").toAbsolutePath().toString());
    builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    System.out.printf("Starting the platform on %s with WARMSTART_HOME=%s (log: %s)%n", "127.0.0.1:" + port, home, log);
    return builder.start();
  }

  /** A new tenant's API token (a fresh tenant per run: nothing of the previous run carries over). */
  private String tenantToken(String operator, String prefix) throws Exception {
    String id = prefix + "-" + Long.toString(System.nanoTime(), 36);
    HttpResponse<String> created = expect(201, send("POST", "/v1/tenants", operator,
        "{\"id\":\"" + id + "\",\"displayName\":\"" + prefix + "\",\"kind\":\"e-commerce\",\"settings\":{\"autoTraining\":false}}"));
    JsonNode credential = JSON.readTree(created.body()).get("apiCredentials");
    return Tokens.freshToken(keycloak, credential.get("clientId").asText(), credential.get("clientSecret").asText());
  }

  /** {@code probes} requests, one at a time: the tenant's stats and items, and the operator's tenant list; latencies in ms. */
  private List<Double> probe(String tenant, String operator, int probes) throws Exception {
    String[][] requests = {{"/v1/stats", tenant}, {"/v1/items", tenant}, {"/v1/tenants", operator}};
    List<Double> millis = new ArrayList<>();
    for (int i = 0; i < probes; i++) {
      String[] request = requests[i % requests.length];
      long started = System.nanoTime();
      send("GET", request[0], request[1], null);
      millis.add((System.nanoTime() - started) / 1e6);
    }
    return millis;
  }

  private HttpResponse<String> send(String method, String path, String token, String json) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    statuses.merge(response.statusCode(), 1, Integer::sum);
    return response;
  }

  private static HttpResponse<String> expect(int status, HttpResponse<String> response) {
    if (response.statusCode() != status) {
      throw new IllegalStateException("expected " + status + ", got " + response.statusCode() + ": " + response.body());
    }
    return response;
  }

  /** {p50, p99} in ms. */
  private static double[] percentiles(List<Double> millis) {
    List<Double> sorted = millis.stream().sorted().toList();
    return new double[] {sorted.get((int) Math.ceil(0.50 * sorted.size()) - 1), sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1)};
  }

  private void report(List<double[]> results, int runs, int probes, int stalled, Path out) throws IOException {
    double[] medians = new double[4];
    for (int field = 0; field < 4; field++) {
      int f = field;
      double[] values = results.stream().mapToDouble(r -> r[f]).sorted().toArray();
      medians[field] = values.length % 2 == 1 ? values[values.length / 2] : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }
    long fiveHundreds = statuses.entrySet().stream().filter(e -> e.getKey() >= 500).mapToLong(Map.Entry::getValue).sum()
        + attackerStatuses.entrySet().stream().filter(e -> e.getKey() >= 500).mapToLong(Map.Entry::getValue).sum();
    String md = String.format(Locale.ROOT, "%d runs of %d requests each (the other tenant's stats and items, the operator's tenant list), "
            + "one at a time; medians over the runs.%n%n| | p50 ms | p99 ms |%n|---|---:|---:|%n| normal | %.2f | %.2f |%n"
            + "| %d stalled uploads of another tenant | %.2f | %.2f |%n| ratio | %.2f | %.2f |%n%n"
            + "Statuses of all other requests: %s. Stalled uploads were answered: %s. 5xx: %d.%n",
        runs, probes, medians[0], medians[1], stalled, medians[2], medians[3], medians[2] / medians[0], medians[3] / medians[1],
        statuses, attackerStatuses, fiveHundreds);
    Files.writeString(out.resolve("stalled-uploads.md"), md);
    Files.writeString(out.resolve("stalled-uploads.json"), String.format(Locale.ROOT,
        "{\"runs\":%d,\"probes\":%d,\"stalled\":%d,\"normal_p50_ms\":%.3f,\"normal_p99_ms\":%.3f,\"attacked_p50_ms\":%.3f,"
            + "\"attacked_p99_ms\":%.3f,\"server_errors\":%d}%n",
        runs, probes, stalled, medians[0], medians[1], medians[2], medians[3], fiveHundreds));
    System.out.println();
    System.out.print(md);
  }

  private static String credential(Path home, String key) throws IOException {
    return Files.readAllLines(home.resolve("credentials")).stream().filter(line -> line.startsWith(key + "="))
        .map(line -> line.substring(key.length() + 1)).findFirst().orElseThrow();
  }
}
