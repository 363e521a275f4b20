package io.warmstart.platform.bench;

import io.warmstart.platform.launcher.EmbeddedDatabase;
import io.warmstart.platform.support.PlatformProcess;
import io.warmstart.platform.support.TestDatabases;
import io.warmstart.platform.support.TestRealm;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One big tenant on one machine, the platform at its default heap ({@code -Xmx2g}): imports a
 * catalogue and an event file through the bulk endpoints (both generated while they stream, never
 * held in memory), builds the serving snapshot, adapts a model, waits for the item index, and
 * measures serving. Reports each phase's time and the platform's peak heap and resident memory
 * during it, and whether an OutOfMemoryError appeared anywhere in the platform's log.
 *
 * <p>Arguments: {@code --events 5000000 --items 1000000 --users 500000 --heap 2g --out DIR}. The
 * events have topic structure (50 topics; each user prefers one) so that the model has something to learn.
 */
public final class BigTenantBenchmark {

  private static final Pattern HEAP_USED = Pattern.compile("^jvm_memory_used_bytes\\{area=\"heap\"[^}]*} ([0-9.E+]+)", Pattern.MULTILINE);
  private static final String TENANT = "big-tenant";
  private static final int TOPICS = 50;

  private final int events;
  private final int items;
  private final int users;
  private final String heap;
  private final Path out;
  private int port;
  private long pid;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  private final Map<String, String> results = new LinkedHashMap<>();

  private BigTenantBenchmark(Map<String, String> args) {
    this.events = Integer.parseInt(args.getOrDefault("events", "5000000"));
    this.items = Integer.parseInt(args.getOrDefault("items", "1000000"));
    this.users = Integer.parseInt(args.getOrDefault("users", "500000"));
    this.heap = args.getOrDefault("heap", "2g");
    this.out = Path.of(args.getOrDefault("out", "bench-out/big-tenant"));
  }

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = new LinkedHashMap<>();
    for (int i = 0; i + 1 < argv.length; i += 2) {
      args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
    }
    new BigTenantBenchmark(args).run();
  }

  private void run() throws Exception {
    Files.createDirectories(out);
    Files.deleteIfExists(out.resolve("platform.log"));
    String external = System.getenv("WARMSTART_DB_URL");
    EmbeddedDatabase embedded = external == null ? TestDatabases.start(Files.createTempDirectory("warmstart-big").resolve("pgdata")) : null;
    port = PlatformProcess.freePort();
    io.warmstart.platform.launcher.KeycloakServer keycloak = BenchIdentity.start();
    Process platform = startPlatform(external != null ? external : embedded.jdbcUrl(), keycloak.baseUrl());
    pid = platform.pid();
    try {
      PlatformProcess.awaitReady("http://localhost:" + port, platform);
      Http.expectOk(Http.post(port, "/v1/tenants", null, "application/json",
          ("{\"id\":\"" + TENANT + "\",\"displayName\":\"Big tenant\",\"kind\":\"e-commerce\",\"settings\":{\"autoTraining\":false,"
                  + "\"quotas\":{\"requestsPerSecond\":1000000,\"eventsPerDay\":100000000,\"maxItems\":" + Math.max(5_000_000, items) + "}}}")
              .getBytes(StandardCharsets.UTF_8)));
      phase("import items", () -> upload("/v1/imports/items", "id,title,categories\n", items, this::itemRow));
      Random random = new Random(7);
      phase("import events", () -> upload("/v1/imports/events", "event_id,user,item,type,timestamp\n", events, e -> eventRow(e, random)));
      phase("first request (serving snapshot built)", () -> expectOk(get("/v1/recommendations/users/user-1?count=10")));
      phase("adaptation (job queued to decided)", this::adapt);
      phase("first request with the model", () -> expectOk(get("/v1/recommendations/users/user-1?count=10")));
      phase("item index built", this::awaitIndex);
      latency("personalised (known users)", "user-");
      latency("popularity (unknown users)", "stranger-");
      results.put("OutOfMemoryError in the platform's log", Files.readString(out.resolve("platform.log")).contains("OutOfMemoryError") ? "yes" : "no");
      report();
    } finally {
      platform.destroy();
      platform.waitFor(60, TimeUnit.SECONDS);
      keycloak.close();
      if (embedded != null) {
        embedded.close();
      }
    }
  }

  private String itemRow(int i) {
    int topic = i % TOPICS;
    return "item-" + i + ",t" + topic + "w" + (i / TOPICS % 7) + " t" + topic + ",c" + topic + "\n";
  }

  private String eventRow(int e, Random random) {
    int user = random.nextInt(users);
    int perTopic = items / TOPICS;
    int item = random.nextDouble() < 0.8
        ? user % TOPICS + TOPICS * (int) Math.floor(Math.pow(random.nextDouble(), 3) * perTopic)
        : (int) Math.floor(Math.pow(random.nextDouble(), 3) * items);
    return "e" + e + ",user-" + user + ",item-" + item + (random.nextInt(10) == 0 ? ",purchase," : ",view,") + (1_700_000_000L + e) + "\n";
  }

  /** Streams a generated CSV as one import request; returns the platform's report. */
  private String upload(String path, String header, int rows, IntFunction<String> row) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .timeout(Duration.ofHours(1))
        .header("Content-Type", "text/csv")
        .header("Authorization", "Bearer " + BenchIdentity.tokenFor(TENANT))
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new GeneratedLines(header, rows, row)))
        .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(path + " failed: " + response.statusCode() + " " + response.body());
    }
    return response.body();
  }

  private String adapt() throws Exception {
    String job = Http.expectOk(Http.post(port, "/v1/tenants/" + TENANT + "/models/adapt", null, "application/json", "{}".getBytes(StandardCharsets.UTF_8))).body();
    String jobId = job.replaceAll(".*\"jobId\":(\\d+).*", "$1");
    String state;
    do {
      Thread.sleep(2000);
      state = Http.expectOk(Http.get(port, "/v1/tenants/" + TENANT + "/jobs/" + jobId, null)).body();
    } while (!state.contains("\"status\":\"succeeded\"") && !state.contains("\"status\":\"failed\""));
    String model = Http.expectOk(Http.get(port, "/v1/models?limit=1", TENANT)).body();
    return "job: " + state + "\nmodel: " + model;
  }

  private String awaitIndex() throws Exception {
    String model = Http.expectOk(Http.get(port, "/v1/models?limit=1", TENANT)).body();
    if (!model.contains("\"status\":\"promoted\"")) {
      return "no promoted model, so no index";
    }
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
    while (System.nanoTime() < deadline) {
      for (String line : Files.readAllLines(out.resolve("platform.log"))) {
        if (line.contains("Item index of " + TENANT) || line.contains("Could not index the items of " + TENANT)) {
          return line;
        }
      }
      Thread.sleep(2000);
    }
    return "not built within 30 minutes";
  }

  /** Sequential requests, one at a time: the latency a single caller sees, without queueing. */
  private void latency(String name, String userPrefix) throws Exception {
    Random random = new Random(42);
    for (int warm = 0; warm < 100; warm++) {
      expectOk(get("/v1/recommendations/users/" + userPrefix + random.nextInt(users) + "?count=10"));
    }
    double[] millis = new double[500];
    for (int k = 0; k < millis.length; k++) {
      long started = System.nanoTime();
      expectOk(get("/v1/recommendations/users/" + userPrefix + random.nextInt(users) + "?count=10"));
      millis[k] = (System.nanoTime() - started) / 1e6;
    }
    Arrays.sort(millis);
    results.put("serving " + name + ", one caller, 500 requests", String.format(Locale.ROOT, "p50 %.2f ms, p99 %.2f ms", millis[250], millis[494]));
  }

  @FunctionalInterface
  private interface Step {
    Object run() throws Exception;
  }

  /** Times a step while sampling the platform's heap (Micrometer) and resident memory (/proc) every 0.5 s. */
  private void phase(String name, Step step) throws Exception {
    AtomicLong peakHeap = new AtomicLong();
    AtomicLong peakRss = new AtomicLong();
    Thread sampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        peakRss.accumulateAndGet(residentBytes(), Math::max);
        peakHeap.accumulateAndGet(heapBytes(), Math::max);
        try {
          Thread.sleep(500);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    sampler.setDaemon(true);
    sampler.start();
    long started = System.nanoTime();
    Object outcome;
    try {
      outcome = step.run();
    } finally {
      sampler.interrupt();
      sampler.join();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    String line = String.format(Locale.ROOT, "%.1f s; peak heap used %,d MB; peak resident %,d MB", seconds, peakHeap.get() >> 20, peakRss.get() >> 20);
    results.put(name, line);
    System.out.printf(Locale.ROOT, "%s: %s%n  %s%n", name, line, String.valueOf(outcome).replace("\n", "\n  "));
    Files.writeString(out.resolve("phases.log"), name + ": " + line + "\n  " + outcome + "\n", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
  }

  private long residentBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException gone) {
      // the process ended; nothing more to sample
    }
    return 0;
  }

  private long heapBytes() {
    try {
      String metrics = get("/q/metrics").body();
      Matcher used = HEAP_USED.matcher(metrics);
      double sum = 0;
      while (used.find()) {
        sum += Double.parseDouble(used.group(1));
      }
      return (long) sum;
    } catch (Exception notNow) {
      return 0;
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofMinutes(10));
    if (!path.startsWith("/q/")) {
      request.header("Authorization", "Bearer " + BenchIdentity.tokenFor(TENANT));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String expectOk(HttpResponse<String> response) {
    if (response.statusCode() != 200) {
      throw new IllegalStateException("request failed: " + response.statusCode() + " " + response.body());
    }
    return response.body().length() > 300 ? response.body().substring(0, 300) + "..." : response.body();
  }

  private void report() throws IOException {
    StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
        "Big tenant: %,d events, %,d items, %,d users; platform -Xmx%s%n%n| phase | result |%n|---|---|%n", events, items, users, heap));
    results.forEach((name, value) -> md.append("| ").append(name).append(" | ").append(value).append(" |\n"));
    Files.writeString(out.resolve("big-tenant.md"), md);
    System.out.println();
    System.out.print(md);
  }

  private Process startPlatform(String jdbcUrl, String keycloakUrl) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(PlatformProcess.benchCommand(heap));
    builder.environment().put("WARMSTART_DB_URL", jdbcUrl);
    builder.environment().putIfAbsent("WARMSTART_DB_PASSWORD", TestDatabases.PASSWORD);
    TestRealm.useKeycloak(builder.environment(), keycloakUrl);
    builder.environment().put("WARMSTART_PORT", Integer.toString(port));
    builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(out.resolve("platform.log").toFile()));
    return builder.start();
  }

  /** A header, then rows produced one at a time as the upload reads them. */
  private static final class GeneratedLines extends InputStream {
    private final IntFunction<String> row;
    private final int rows;
    private int next;
    private byte[] current;
    private int position;

    GeneratedLines(String header, int rows, IntFunction<String> row) {
      this.row = row;
      this.rows = rows;
      this.current = header.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      int written = 0;
      while (written < length) {
        if (position == current.length) {
          if (next == rows) {
            break;
          }
          current = row.apply(next++).getBytes(StandardCharsets.UTF_8);
          position = 0;
        }
        int n = Math.min(length - written, current.length - position);
        System.arraycopy(current, position, buffer, offset + written, n);
        position += n;
        written += n;
      }
      return written == 0 && length > 0 ? -1 : written;
    }
  }
}
