package io.warmstart.platform.bench;

import io.warmstart.platform.launcher.EmbeddedDatabase;
import io.warmstart.platform.support.PlatformProcess;
import io.warmstart.platform.support.TestDatabases;
import io.warmstart.platform.support.TestRealm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serving latency and throughput with wrk against the packaged platform: recommendations for random
 * users of a tenant with 10,000 items and of one with 100,000 items (100,000 users each), and, as the
 * reference measured in the same run, the platform's cheapest endpoint (liveness). Each case runs
 * several times; the report gives medians of p50, p99 and requests/s.
 *
 * <p>The same cases run in several phases ({@link #PHASES}), each a platform process with one
 * setting changed: the defaults, without the item index (every item scored: also the exact pages the
 * index's recall is measured against), without the token cache, and with 100 index candidates.
 *
 * <p>Arguments: {@code --users 100000 --events 1000000 --connections 16 --threads 2 --seconds 20
 * --runs 3 --phases defaults,no item index,no token cache --out DIR}. Needs {@code wrk} on the PATH
 * (Debian package wrk).
 */
public final class ServingBenchmark {

  private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|99)(?:\\.000)?%\\s+([\\d.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);
  private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
  private static final Pattern ERRORS = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
  private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in ");

  private static final int TOPICS = 50;

  private final Map<String, String> args;
  private final Path out;
  private int port;
  /** The platform process being measured, whose CPU time per request each wrk run reports. */
  private Process platform;
  private io.warmstart.platform.launcher.KeycloakServer keycloak;

  private ServingBenchmark(Map<String, String> args) {
    this.args = args;
    this.out = Path.of(args.getOrDefault("out", "bench-out/serving"));
  }

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = new LinkedHashMap<>();
    for (int i = 0; i + 1 < argv.length; i += 2) {
      args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
    }
    new ServingBenchmark(args).run();
  }

  private int arg(String name, int fallback) {
    return Integer.parseInt(args.getOrDefault(name, Integer.toString(fallback)));
  }

  /**
   * The configurations measured, each in its own platform process over the same database: the
   * defaults, then each change undone on its own, so every "before" is measured beside its "after".
   */
  private static final Map<String, Map<String, String>> PHASES = phases();

  private static Map<String, Map<String, String>> phases() {
    Map<String, Map<String, String>> phases = new LinkedHashMap<>();
    phases.put("defaults", Map.of());
    phases.put("no item index", Map.of("WARMSTART_SERVING_INDEX_MIN_ITEMS", "0"));
    phases.put("no token cache", Map.of("WARMSTART_IDENTITY_TOKEN_CACHE_SIZE", "0"));
    phases.put("100 index candidates", Map.of("WARMSTART_SERVING_INDEX_CANDIDATES", "100"));
    phases.put("answers on workers", Map.of("WARMSTART_SERVING_ANSWER_ON_IO_THREAD", "false"));
    return phases;
  }

  private static final String BIG_TENANT = "serving-100k";
  private static final int RECALL_USERS = 500;

  private void run() throws Exception {
    Files.createDirectories(out);
    int users = arg("users", 100_000);
    int events = arg("events", 1_000_000);
    List<String> phases = List.of(args.getOrDefault("phases", String.join(",", PHASES.keySet())).split(","));
    String external = System.getenv("WARMSTART_DB_URL");
    EmbeddedDatabase embedded = external == null ? TestDatabases.start(Files.createTempDirectory("warmstart-serving").resolve("pgdata")) : null;
    String jdbcUrl = external != null ? external : embedded.jdbcUrl();
    port = PlatformProcess.freePort();
    keycloak = BenchIdentity.start();
    Map<String, Map<String, List<double[]>>> results = new LinkedHashMap<>();
    Map<String, Map<Integer, List<String>>> lists = new LinkedHashMap<>();
    try {
      // name -> {tenant (null: none), wrk script with __TOKEN__ for a bearer token fetched just before each run}
      Map<String, String[]> cases = new LinkedHashMap<>();
      for (int items : List.of(10_000, 100_000)) {
        String tenant = "serving-" + items / 1000 + "k";
        String size = String.format(Locale.ROOT, "%,d", items);
        cases.put("personalised (known users), " + size + " items", new String[] {tenant, userScript("user-", users)});
        cases.put("popularity (unknown users), " + size + " items", new String[] {tenant, userScript("stranger-", users)});
      }
      cases.put("reference: GET /q/health/live", new String[] {null, "request = function() return wrk.format(\"GET\", \"/q/health/live\") end\n"});
      boolean loaded = false;
      for (String phase : phases) {
        platform = startPlatform(jdbcUrl, PHASES.get(phase));
        try {
          PlatformProcess.awaitReady("http://localhost:" + port, platform);
          System.out.printf(Locale.ROOT, "%nPhase: %s %s%n", phase, PHASES.get(phase));
          if (!loaded) {
            load("serving-10k", 10_000, users, events);
            load(BIG_TENANT, 100_000, users, events);
            loaded = true;
          }
          for (String[] tenantCase : cases.values()) {
            if (tenantCase[0] != null) {
              Http.expectOk(Http.get(port, "/v1/recommendations/users/user-1", tenantCase[0]));
            }
          }
          if (!PHASES.get(phase).containsKey("WARMSTART_SERVING_INDEX_MIN_ITEMS")) {
            awaitItemIndex(BIG_TENANT);
          }
          lists.put(phase, topTens(BIG_TENANT));
          Map<String, List<double[]>> measured = results.computeIfAbsent(phase, p -> new LinkedHashMap<>());
          // Each case once, unmeasured, so that every measured round runs compiled code (the first
          // round of a fresh process used to be the slowest by far).
          int warmup = arg("warmup", 5);
          for (String[] tenantCase : warmup > 0 ? cases.values() : List.<String[]>of()) {
            wrk(tenantCase[0] == null ? tenantCase[1] : tenantCase[1].replace("__TOKEN__", BenchIdentity.tokenFor(tenantCase[0])), warmup);
          }
          for (int round = 1; round <= arg("runs", 3); round++) {
            for (var entry : cases.entrySet()) {
              String tenant = entry.getValue()[0];
              double[] run = wrk(tenant == null ? entry.getValue()[1] : entry.getValue()[1].replace("__TOKEN__", BenchIdentity.tokenFor(tenant)));
              measured.computeIfAbsent(entry.getKey(), k -> new ArrayList<>()).add(run);
              System.out.printf(Locale.ROOT, "%s round %d %-40s p50 %6.2f ms  p99 %6.2f ms  %,8.0f req/s  %5.0f µs CPU/req%n", phase, round, entry.getKey(), run[0], run[1], run[2], run[3]);
            }
          }
        } finally {
          platform.destroy();
          platform.waitFor(60, TimeUnit.SECONDS);
        }
      }
      report(results, recall(lists));
    } finally {
      keycloak.close();
      if (embedded != null) {
        embedded.close();
      }
    }
  }

  /** Waits for the platform's log line that the tenant's item index is built, and prints it. */
  private void awaitItemIndex(String tenant) throws Exception {
    Path log = out.resolve("platform.log");
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    String marker = "Item index of " + tenant + " ";
    while (System.nanoTime() < deadline) {
      byte[] all = Files.readAllBytes(log);
      String thisPhase = new String(all, (int) logOffset, all.length - (int) logOffset, StandardCharsets.UTF_8);
      for (String line : thisPhase.split("\n")) {
        if (line.contains(marker)) {
          System.out.println(line.substring(line.indexOf(marker)));
          indexLines.add(line.substring(line.indexOf(marker)));
          return;
        }
      }
      Thread.sleep(1000);
    }
    throw new IllegalStateException("no item index for " + tenant + " after 10 minutes; see " + log);
  }

  /** Where the current platform process's part of the shared log starts. */
  private long logOffset;
  private final List<String> indexLines = new ArrayList<>();

  /** The first page of the same users' recommendations, to compare what the phases serve. */
  private Map<Integer, List<String>> topTens(String tenant) throws Exception {
    Map<Integer, List<String>> pages = new LinkedHashMap<>();
    for (int user = 0; user < RECALL_USERS; user++) {
      String body = Http.expectOk(Http.get(port, "/v1/recommendations/users/user-" + user + "?count=10", tenant)).body();
      List<String> ids = new ArrayList<>();
      Matcher id = ITEM_ID.matcher(body);
      while (id.find()) {
        ids.add(id.group(1));
      }
      pages.put(user, ids);
    }
    return pages;
  }

  private static final Pattern ITEM_ID = Pattern.compile("\"id\":\"([^\"]+)\"");

  /** Recall@10 of each indexed phase's pages against the pages served without the index (exact), when that phase ran. */
  private static Map<String, Double> recall(Map<String, Map<Integer, List<String>>> lists) {
    Map<Integer, List<String>> exact = lists.get("no item index");
    Map<String, Double> recall = new LinkedHashMap<>();
    if (exact == null) {
      return recall;
    }
    lists.forEach((phase, approximate) -> {
      if (approximate != exact && !PHASES.get(phase).containsKey("WARMSTART_SERVING_INDEX_MIN_ITEMS")) {
        recall.put(phase, recallAt10(approximate, exact));
      }
    });
    return recall;
  }

  private static double recallAt10(Map<Integer, List<String>> approximate, Map<Integer, List<String>> exact) {
    long found = 0;
    long wanted = 0;
    for (var page : exact.entrySet()) {
      List<String> served = approximate.get(page.getKey());
      for (String item : page.getValue()) {
        wanted++;
        if (served.contains(item)) {
          found++;
        }
      }
    }
    return wanted == 0 ? Double.NaN : (double) found / wanted;
  }

  /**
   * A tenant with structure a model can learn: 50 topics, each with its own title words and
   * category; every user prefers one topic (80% of their events, Zipf-popular within it, the rest
   * Zipf over the whole catalogue). Imported through the bulk endpoints; then its model is adapted
   * and must be promoted (beat popularity on validation) before anything is measured.
   */
  private void load(String tenant, int items, int users, int events) throws Exception {
    long started = System.nanoTime();
    Http.expectOk(Http.post(port, "/v1/tenants", null, "application/json",
        ("{\"id\":\"" + tenant + "\",\"displayName\":\"Serving benchmark\",\"kind\":\"e-commerce\",\"settings\":{\"autoTraining\":false,\"quotas\":{\"requestsPerSecond\":1000000}}}")
            .getBytes(StandardCharsets.UTF_8)));
    StringBuilder catalogue = new StringBuilder("id,title,categories\n");
    for (int i = 0; i < items; i++) {
      int topic = i % TOPICS;
      catalogue.append("item-").append(i).append(",t").append(topic).append("w").append(i / TOPICS % 7).append(" t").append(topic)
          .append(",c").append(topic).append('\n');
    }
    Http.expectOk(Http.post(port, "/v1/imports/items", tenant, "text/csv", catalogue.toString().getBytes(StandardCharsets.UTF_8)));
    Random random = new Random(7);
    StringBuilder csv = new StringBuilder("event_id,user,item,type,timestamp\n");
    int perTopic = items / TOPICS;
    for (int e = 0; e < events; e++) {
      int user = random.nextInt(users);
      int item = random.nextDouble() < 0.8
          ? user % TOPICS + TOPICS * (int) Math.floor(Math.pow(random.nextDouble(), 3) * perTopic)
          : (int) Math.floor(Math.pow(random.nextDouble(), 3) * items);
      csv.append("e").append(e).append(",user-").append(user).append(",item-").append(item)
          .append(random.nextInt(10) == 0 ? ",purchase," : ",view,").append(1_700_000_000L + e).append('\n');
    }
    Http.expectOk(Http.post(port, "/v1/imports/events", tenant, "text/csv", csv.toString().getBytes(StandardCharsets.UTF_8)));
    System.out.printf(Locale.ROOT, "Loaded %s: %,d items, %,d users, %,d events in %.0f s%n", tenant, items, users, events, (System.nanoTime() - started) / 1e9);
    adapt(tenant);
    Http.expectOk(Http.get(port, "/v1/recommendations/users/user-1", tenant));
  }

  /** Adapts a model to the tenant (from scratch: the benchmark trains no meta-init) and waits for the decision. */
  private void adapt(String tenant) throws Exception {
    long started = System.nanoTime();
    String job = Http.expectOk(Http.post(port, "/v1/tenants/" + tenant + "/models/adapt", null, "application/json", "{}".getBytes(StandardCharsets.UTF_8))).body();
    String jobId = job.replaceAll(".*\"jobId\":(\\d+).*", "$1");
    String state;
    do {
      Thread.sleep(1000);
      state = Http.expectOk(Http.get(port, "/v1/tenants/" + tenant + "/jobs/" + jobId, null)).body();
    } while (!state.contains("\"status\":\"succeeded\"") && !state.contains("\"status\":\"failed\""));
    String model = Http.expectOk(Http.get(port, "/v1/models?limit=1", tenant)).body();
    System.out.printf(Locale.ROOT, "Adapted %s in %.0f s: %s%n", tenant, (System.nanoTime() - started) / 1e9, model);
    if (!model.contains("\"status\":\"promoted\"")) {
      throw new IllegalStateException("the model of " + tenant + " was not promoted, so there is nothing personalised to measure: " + model);
    }
  }

  private static String userScript(String userPrefix, int users) {
    return "math.randomseed(42)\n"
        + "request = function()\n"
        + "  return wrk.format(\"GET\", \"/v1/recommendations/users/" + userPrefix + "\" .. math.random(0, " + (users - 1) + ") .. \"?count=10\", "
        + "{[\"Authorization\"] = \"Bearer __TOKEN__\"})\n"
        + "end\n";
  }

  /**
   * Runs wrk once; returns {p50 ms, p99 ms, requests/s, platform CPU microseconds per request}. The
   * last is the platform process's own CPU time (from /proc) over the requests wrk completed: wrk
   * and PostgreSQL share the 2 cores, so throughput moves with whatever else the machine does, and
   * CPU per request moves much less.
   */
  private double[] wrk(String script) throws Exception {
    return wrk(script, arg("seconds", 20));
  }

  private double[] wrk(String script, int seconds) throws Exception {
    Path lua = Files.createTempFile(out, "wrk", ".lua");
    Files.writeString(lua, script);
    Process wrk = new ProcessBuilder("wrk", "--latency", "-t", Integer.toString(arg("threads", 2)), "-c", Integer.toString(arg("connections", 16)),
        "-d", seconds + "s", "-s", lua.toString(), "http://localhost:" + port).redirectErrorStream(true).start();
    CpuAccounting cpuBefore = CpuAccounting.sample(platform.pid());
    String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    wrk.waitFor();
    double platformCpu = CpuAccounting.sample(platform.pid()).minus(cpuBefore).platform();
    Files.delete(lua);
    Matcher errors = ERRORS.matcher(output);
    if (errors.find()) {
      throw new IllegalStateException("wrk saw " + errors.group(1) + " failed responses:\n" + output);
    }
    double p50 = Double.NaN;
    double p99 = Double.NaN;
    Matcher percentile = PERCENTILE.matcher(output);
    while (percentile.find()) {
      double value = Double.parseDouble(percentile.group(2)) * switch (percentile.group(3)) {
        case "us" -> 0.001;
        case "s" -> 1000;
        default -> 1;
      };
      if (percentile.group(1).equals("50")) {
        p50 = value;
      } else {
        p99 = value;
      }
    }
    Matcher rate = RATE.matcher(output);
    if (!rate.find() || Double.isNaN(p50) || Double.isNaN(p99)) {
      throw new IllegalStateException("could not read wrk's output:\n" + output);
    }
    Matcher requests = REQUESTS.matcher(output);
    double cpuPerRequest = requests.find() ? platformCpu * 1e6 / Long.parseLong(requests.group(1)) : Double.NaN;
    return new double[] {p50, p99, Double.parseDouble(rate.group(1)), cpuPerRequest};
  }

  private void report(Map<String, Map<String, List<double[]>>> results, Map<String, Double> recall) throws IOException {
    StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
        "wrk: %d threads, %d connections, %d s per run, %d runs; medians. Each phase is its own platform process over the same data.%n",
        arg("threads", 2), arg("connections", 16), arg("seconds", 20), arg("runs", 3)));
    StringBuilder json = new StringBuilder("{\"phases\":{");
    results.forEach((phase, cases) -> {
      double referenceRate = median(cases.get("reference: GET /q/health/live"), 2);
      md.append(String.format(Locale.ROOT, "%n### %s %s%n%n| case | p50 ms | p99 ms | requests/s | requests/s vs reference | platform CPU µs/request |%n|---|---:|---:|---:|---:|---:|%n",
          phase, PHASES.get(phase).isEmpty() ? "" : PHASES.get(phase).toString()));
      json.append(json.charAt(json.length() - 1) == '{' ? "" : ",").append('"').append(phase).append("\":[");
      int before = json.length();
      cases.forEach((name, runs) -> {
        double p50 = median(runs, 0);
        double p99 = median(runs, 1);
        double rate = median(runs, 2);
        double cpu = median(runs, 3);
        md.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %,.0f | %.2f | %.0f |%n", name, p50, p99, rate, rate / referenceRate, cpu));
        json.append(json.length() == before ? "" : ",")
            .append(String.format(Locale.ROOT, "{\"case\":\"%s\",\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"requests_per_s\":%.0f,\"platform_cpu_us_per_request\":%.1f}", name, p50, p99, rate, cpu));
      });
      json.append(']');
    });
    recall.forEach((phase, value) -> md.append(String.format(Locale.ROOT,
        "%nRecall@10 of the pages served in phase '%s' (item index) against the exact pages (no index), %d users of %s: %.4f%n",
        phase, RECALL_USERS, BIG_TENANT, value)));
    indexLines.forEach(line -> md.append("\n").append(line).append('\n'));
    json.append("},\"recall_at_10\":{");
    recall.forEach((phase, value) -> json.append(json.charAt(json.length() - 1) == '{' ? "" : ",").append(String.format(Locale.ROOT, "\"%s\":%.4f", phase, value)));
    json.append("}}\n");
    Files.writeString(out.resolve("serving.md"), md);
    Files.writeString(out.resolve("serving.json"), json);
    System.out.println();
    System.out.print(md);
  }

  private static double median(List<double[]> runs, int field) {
    double[] values = runs.stream().mapToDouble(r -> r[field]).sorted().toArray();
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }

  private Process startPlatform(String jdbcUrl, Map<String, String> settings) throws IOException {
    Path log = out.resolve("platform.log");
    logOffset = Files.exists(log) ? Files.size(log) : 0;
    ProcessBuilder builder = new ProcessBuilder(PlatformProcess.benchCommand("3g"));
    builder.environment().put("WARMSTART_DB_URL", jdbcUrl);
    // The embedded server of TestDatabases; an external one brings its password in the environment.
    builder.environment().putIfAbsent("WARMSTART_DB_PASSWORD", TestDatabases.PASSWORD);
    TestRealm.useKeycloak(builder.environment(), keycloak.baseUrl());
    builder.environment().put("WARMSTART_PORT", Integer.toString(port));
    builder.environment().putAll(settings);
    builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(out.resolve("platform.log").toFile()));
    return builder.start();
  }

}
