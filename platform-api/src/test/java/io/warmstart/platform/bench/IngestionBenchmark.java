package io.warmstart.platform.bench;

import io.warmstart.platform.launcher.EmbeddedDatabase;
import io.warmstart.platform.support.PlatformProcess;
import io.warmstart.platform.support.TestDatabases;
import io.warmstart.platform.support.TestRealm;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.postgresql.copy.CopyManager;
import org.postgresql.jdbc.PgConnection;

/**
 * Loads the same N events three ways into the same PostgreSQL, several rounds, each into empty
 * tables: (a) REST batches over several connections, (b) the bulk import endpoint, (c) raw COPY into
 * the events table (the reference: what the database itself can absorb). Reports events/s medians
 * and the ratios a/c and b/c. See docs/benchmarks.md for how to run it and what it found.
 *
 * <p>Arguments: {@code --events N --runs R --batch B --connections C --out DIR}. The platform is
 * the packaged jar, started as its own process; PostgreSQL is the embedded server unless
 * WARMSTART_DB_URL names another.
 */
public final class IngestionBenchmark {

  private static final String TENANT_PREFIX = "bench";

  private final int events;
  private final int runs;
  private final int batch;
  private final int connections;
  private final Path out;
  private final List<String> methods;
  private String tenant;
  private int port;
  private io.warmstart.platform.launcher.KeycloakServer keycloak;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

  private IngestionBenchmark(Map<String, String> args) {
    this.events = Integer.parseInt(args.getOrDefault("events", "1000000"));
    this.runs = Integer.parseInt(args.getOrDefault("runs", "3"));
    this.batch = Integer.parseInt(args.getOrDefault("batch", "1000"));
    this.connections = Integer.parseInt(args.getOrDefault("connections", "4"));
    this.out = Path.of(args.getOrDefault("out", "bench-out/ingestion"));
    this.methods = List.of(args.getOrDefault("methods", "rest_batch,bulk_import,raw_copy").split(","));
  }

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = new LinkedHashMap<>();
    for (int i = 0; i + 1 < argv.length; i += 2) {
      args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
    }
    new IngestionBenchmark(args).run();
  }

  private void run() throws Exception {
    Files.createDirectories(out);
    String external = System.getenv("WARMSTART_DB_URL");
    EmbeddedDatabase embedded = external == null ? TestDatabases.start(Files.createTempDirectory("warmstart-bench").resolve("pgdata")) : null;
    String jdbcUrl = external != null ? external : embedded.jdbcUrl();
    port = PlatformProcess.freePort();
    keycloak = BenchIdentity.start();
    Process platform = startPlatform(jdbcUrl, port);
    try (Connection sql = connect(jdbcUrl)) {
      String base = "http://localhost:" + port;
      PlatformProcess.awaitReady(base, platform);
      Workload workload = Workload.generate(events, batch);
      System.out.printf(Locale.ROOT, "Workload: %,d events, %,d users, %,d items, REST batches of %,d over %d connections%n",
          events, workload.users, workload.items, batch, connections);
      Map<String, List<Double>> rates = new LinkedHashMap<>();
      Map<String, List<CpuAccounting>> cpu = new LinkedHashMap<>();
      for (String method : methods) {
        rates.put(method, new ArrayList<>());
        cpu.put(method, new ArrayList<>());
      }
      warmUp(base, sql, workload);
      for (int round = 1; round <= runs; round++) {
        // Rotate the order so that no method always runs on a freshly checkpointed database.
        List<String> order = new ArrayList<>(rates.keySet());
        java.util.Collections.rotate(order, round - 1);
        for (String method : order) {
          empty(sql);
          // A fresh tenant per measurement: nothing cached in the platform carries over.
          tenant = createTenant(base, method, round);
          CpuAccounting before = CpuAccounting.sample(platform.pid());
          double seconds = switch (method) {
            case "rest_batch" -> restBatches(base, workload);
            case "bulk_import" -> bulkImport(base, workload);
            default -> rawCopy(sql, workload);
          };
          cpu.get(method).add(CpuAccounting.sample(platform.pid()).minus(before));
          verifyCount(sql, method);
          rates.get(method).add(events / seconds);
          System.out.printf(Locale.ROOT, "round %d %-12s %8.2f s %,10.0f events/s%n", round, method, seconds, events / seconds);
        }
      }
      report(rates, cpu);
    } finally {
      platform.destroy();
      keycloak.close();
      platform.waitFor(60, TimeUnit.SECONDS);
      if (embedded != null) {
        embedded.close();
      }
    }
  }

  private void warmUp(String base, Connection sql, Workload workload) throws Exception {
    System.out.println("Warming up the JIT and connection pools...");
    Workload small = Workload.generate(Math.min(events, 100_000), batch);
    empty(sql);
    tenant = createTenant(base, "warmup-rest", 0);
    restBatches(base, small);
    empty(sql);
    tenant = createTenant(base, "warmup-bulk", 0);
    bulkImport(base, small);
    empty(sql);
  }

  private double restBatches(String base, Workload workload) throws Exception {
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(connections);
    long start = System.nanoTime();
    List<Future<?>> senders = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      senders.add(pool.submit(() -> {
        try (KeepAliveClient client = new KeepAliveClient("localhost", port)) {
          for (int b = next.getAndIncrement(); b < workload.jsonBatches.size(); b = next.getAndIncrement()) {
            KeepAliveClient.Response response = client.post("/v1/events", "application/json", tenant, workload.jsonBatches.get(b));
            if (response.status() != 200) {
              throw new IllegalStateException("batch " + b + " failed: " + response.status() + " " + response.body());
            }
          }
        }
        return null;
      }));
    }
    for (Future<?> sender : senders) {
      sender.get();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    return seconds;
  }

  private double bulkImport(String base, Workload workload) throws Exception {
    long start = System.nanoTime();
    KeepAliveClient.Response response;
    try (KeepAliveClient client = new KeepAliveClient("localhost", port)) {
      response = client.post("/v1/imports/events", "text/csv", tenant, workload.csv);
    }
    if (response.status() != 200) {
      throw new IllegalStateException("import failed: " + response.status() + " " + response.body());
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /** The reference: the same rows straight into the events table with COPY, nothing else. */
  private double rawCopy(Connection sql, Workload workload) throws Exception {
    CopyManager copy = sql.unwrap(PgConnection.class).getCopyAPI();
    byte[] rows = workload.copyRowsFor(tenant);
    long start = System.nanoTime();
    // Rows are generated with a placeholder tenant column so one buffer serves every round.
    copy.copyIn(
        "COPY events (tenant_id, event_id, user_id, item_id, type, value, occurred_at, timestamp_given) FROM STDIN (FORMAT csv)",
        new java.io.ByteArrayInputStream(rows));
    return (System.nanoTime() - start) / 1e9;
  }

  private void verifyCount(Connection sql, String method) throws Exception {
    try (Statement statement = sql.createStatement(); var rows = statement.executeQuery("SELECT count(*) FROM events WHERE tenant_id = '" + tenant + "'")) {
      rows.next();
      if (rows.getLong(1) != events) {
        throw new IllegalStateException(method + " stored " + rows.getLong(1) + " events, expected " + events);
      }
    }
  }

  private static void empty(Connection sql) throws Exception {
    try (Statement statement = sql.createStatement()) {
      statement.execute("TRUNCATE events, items, users");
      statement.execute("CHECKPOINT");
    }
  }

  private void report(Map<String, List<Double>> rates, Map<String, List<CpuAccounting>> cpu) throws IOException {
    double copy = rates.containsKey("raw_copy") ? median(rates.get("raw_copy")) : Double.NaN;
    double rest = rates.containsKey("rest_batch") ? median(rates.get("rest_batch")) : Double.NaN;
    double bulk = rates.containsKey("bulk_import") ? median(rates.get("bulk_import")) : Double.NaN;
    StringBuilder md = new StringBuilder();
    // Paired ratios: each method against the raw COPY of the same round, so drift of the machine
    // between rounds cancels out; the median of those is the headline ratio.
    md.append(String.format(Locale.ROOT,
        "| method | median events/s | runs (events/s) | ratio of medians | median of per-round ratios to raw COPY |%n|---|---:|---|---:|---:|%n"));
    for (var entry : rates.entrySet()) {
      md.append(String.format(Locale.ROOT, "| %s | %,.0f | %s | %.2f | %.2f |%n", entry.getKey(), median(entry.getValue()),
          entry.getValue().stream().map(r -> String.format(Locale.ROOT, "%,.0f", r)).toList(), median(entry.getValue()) / copy,
          pairedRatio(rates, entry.getKey())));
    }
    md.append(String.format(Locale.ROOT, "%nCPU seconds per million events (median over runs): where the time goes%n%n"
        + "| method | platform JVM | PostgreSQL | benchmark client |%n|---|---:|---:|---:|%n"));
    cpu.forEach((method, samples) -> md.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f |%n", method,
        perMillion(samples, CpuAccounting::platform), perMillion(samples, CpuAccounting::postgres), perMillion(samples, CpuAccounting::client))));
    String json = String.format(Locale.ROOT,
        "{\"events\":%d,\"runs\":%d,\"batch\":%d,\"connections\":%d,\"median_events_per_s\":{\"rest_batch\":%.0f,\"bulk_import\":%.0f,\"raw_copy\":%.0f},"
            + "\"ratio_rest_to_copy\":%.3f,\"ratio_bulk_to_copy\":%.3f,\"paired_ratio_rest_to_copy\":%.3f,"
            + "\"paired_ratio_bulk_to_copy\":%.3f,\"all_runs\":%s}%n",
        events, runs, batch, connections, rest, bulk, copy, rest / copy, bulk / copy,
        pairedRatio(rates, "rest_batch"), pairedRatio(rates, "bulk_import"), toJson(rates));
    Files.writeString(out.resolve("ingestion.md"), md);
    Files.writeString(out.resolve("ingestion.json"), json);
    System.out.println();
    System.out.print(md);
    System.out.printf(Locale.ROOT, "Median of per-round ratios: REST batch / raw COPY = %.2f, bulk import / raw COPY = %.2f%n",
        pairedRatio(rates, "rest_batch"), pairedRatio(rates, "bulk_import"));
  }

  private static double pairedRatio(Map<String, List<Double>> rates, String method) {
    List<Double> copies = rates.get("raw_copy");
    List<Double> own = rates.get(method);
    if (copies == null || own == null) {
      return Double.NaN;
    }
    List<Double> ratios = new ArrayList<>();
    for (int round = 0; round < Math.min(copies.size(), own.size()); round++) {
      ratios.add(own.get(round) / copies.get(round));
    }
    return median(ratios);
  }

  private double perMillion(List<CpuAccounting> samples, java.util.function.ToDoubleFunction<CpuAccounting> part) {
    return median(samples.stream().map(s -> part.applyAsDouble(s) * 1_000_000 / events).toList());
  }

  private static String toJson(Map<String, List<Double>> rates) {
    StringBuilder json = new StringBuilder("{");
    rates.forEach((method, values) -> json.append(json.length() > 1 ? "," : "").append('"').append(method).append("\":")
        .append(values.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList()));
    return json.append('}').toString();
  }

  private static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private String createTenant(String base, String method, int round) throws Exception {
    String id = TENANT_PREFIX + "-" + method.replace('_', '-') + "-" + round + "-" + System.nanoTime() % 100_000;
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/tenants"))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + BenchIdentity.tokenFor(null))
        // No automatic training: an adaptation starting mid-measurement would compete for the CPU.
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"id\":\"" + id + "\",\"displayName\":\"Benchmark\",\"kind\":\"e-commerce\",\"settings\":{\"autoTraining\":false}}"))
        .build();
    HttpResponse<String> created = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (created.statusCode() != 201) {
      throw new IllegalStateException("could not create the benchmark tenant: " + created.statusCode() + " " + created.body());
    }
    BenchIdentity.register(id, created.body());
    return id;
  }

  private Process startPlatform(String jdbcUrl, int port) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(PlatformProcess.benchCommand("2g"));
    builder.environment().put("WARMSTART_DB_URL", jdbcUrl);
    // The embedded server of TestDatabases; an external one brings its password in the environment.
    builder.environment().putIfAbsent("WARMSTART_DB_PASSWORD", TestDatabases.PASSWORD);
    TestRealm.useKeycloak(builder.environment(), keycloak.baseUrl());
    builder.environment().put("WARMSTART_PORT", Integer.toString(port));
    builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(out.resolve("platform.log").toFile()));
    return builder.start();
  }

  private static Connection connect(String jdbcUrl) throws Exception {
    String user = System.getenv().getOrDefault("WARMSTART_DB_USER", EmbeddedDatabase.USER);
    String password = System.getenv().getOrDefault("WARMSTART_DB_PASSWORD", TestDatabases.PASSWORD);
    Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
    connection.setAutoCommit(true);
    return connection;
  }

  /** The same events in the three wire formats, generated once, outside the timed sections. */
  private static final class Workload {
    final List<byte[]> jsonBatches = new ArrayList<>();
    byte[] csv;
    String copyRows;
    static final String TENANT_PLACEHOLDER = "@T@";

    byte[] copyRowsFor(String tenant) {
      return copyRows.replace(TENANT_PLACEHOLDER, tenant).getBytes(StandardCharsets.UTF_8);
    }
    int users;
    int items;

    static Workload generate(int events, int batch) {
      Workload workload = new Workload();
      workload.users = Math.max(1, events / 10);
      workload.items = Math.max(1, Math.min(10_000, events / 20));
      String[] types = {"view", "view", "view", "click", "add-to-cart", "purchase"};
      java.util.Random random = new java.util.Random(42);
      StringBuilder json = new StringBuilder();
      StringBuilder csv = new StringBuilder("event_id,user,item,type,value,timestamp\n");
      StringBuilder copy = new StringBuilder();
      long baseSeconds = 1_700_000_000L;
      for (int i = 0; i < events; i++) {
        String id = "ev-" + i;
        String user = "user-" + random.nextInt(workload.users);
        String item = "item-" + (int) Math.floor(Math.pow(random.nextDouble(), 2.5) * workload.items);
        String type = types[random.nextInt(types.length)];
        long seconds = baseSeconds + i;
        String value = type.equals("purchase") ? Integer.toString(1 + random.nextInt(200)) : "";
        if (i % batch == 0) {
          if (json.length() > 0) {
            workload.jsonBatches.add(json.append("]}").toString().getBytes(StandardCharsets.UTF_8));
          }
          json.setLength(0);
          json.append("{\"events\":[");
        } else {
          json.append(',');
        }
        json.append("{\"eventId\":\"").append(id).append("\",\"userId\":\"").append(user).append("\",\"itemId\":\"").append(item)
            .append("\",\"type\":\"").append(type).append("\",\"timestamp\":\"").append(seconds).append('"');
        if (!value.isEmpty()) {
          json.append(",\"value\":").append(value);
        }
        json.append('}');
        csv.append(id).append(',').append(user).append(',').append(item).append(',').append(type).append(',').append(value).append(',').append(seconds).append('\n');
        copy.append(Workload.TENANT_PLACEHOLDER).append(',').append(id).append(',').append(user).append(',').append(item).append(',').append(type).append(',').append(value)
            .append(',').append(java.time.Instant.ofEpochSecond(seconds)).append(",t\n");
      }
      workload.jsonBatches.add(json.append("]}").toString().getBytes(StandardCharsets.UTF_8));
      workload.csv = csv.toString().getBytes(StandardCharsets.UTF_8);
      workload.copyRows = copy.toString();
      return workload;
    }
  }

}
