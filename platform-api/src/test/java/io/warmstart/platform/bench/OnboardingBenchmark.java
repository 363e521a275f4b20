package io.warmstart.platform.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warmstart.platform.launcher.EmbeddedDatabase;
import io.warmstart.platform.support.PlatformProcess;
import io.warmstart.platform.support.TestDatabases;
import io.warmstart.platform.support.TestRealm;
import io.warmstart.trainer.data.Dataset;
import io.warmstart.trainer.data.DatasetReader;
import io.warmstart.trainer.data.ItemContent;
import io.warmstart.trainer.data.TenantData;
import io.warmstart.trainer.split.Events;
import io.warmstart.trainer.split.TimeOrder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Time to first personalised model: a new tenant sends its first N events through the REST API;
 * the clock starts when the request holding the N-th event is accepted and stops when the
 * recommendation API first answers one of its users with the promoted personalised model. Nothing
 * is triggered by hand: onboarding (threshold N) queues the adaptation, the in-process worker runs
 * it from the promoted meta-init, and the promotion reaches serving through NOTIFY.
 *
 * <p>Set-up (not timed): the packaged platform on an embedded PostgreSQL; every tenant of the
 * dataset but the new ones is imported as a donor that shares its data, and a meta-init is
 * trained over them. The new tenants are the dataset's tenants with enough events, spread over
 * its size range; their catalogue is sent before their events.
 *
 * <p>Arguments: {@code --data DIR --new-tenants 3 --events 5000 --meta-seconds 60 --out DIR}.
 */
public final class OnboardingBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, String> args;
  private final Path out;
  private int port;
  private io.warmstart.platform.launcher.KeycloakServer keycloak;

  private OnboardingBenchmark(Map<String, String> args) {
    this.args = args;
    this.out = Path.of(args.getOrDefault("out", "bench-out/onboarding"));
  }

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = new LinkedHashMap<>();
    for (int i = 0; i + 1 < argv.length; i += 2) {
      args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
    }
    new OnboardingBenchmark(args).run();
  }

  private int arg(String name, int fallback) {
    return Integer.parseInt(args.getOrDefault(name, Integer.toString(fallback)));
  }

  /** One new tenant's onboarding, in seconds from the N-th event's acceptance. */
  private record Result(String tenant, int events, int items, double served, String status, String reason, double queued,
      double adaptSeconds, Double validationNdcg, Double popularityNdcg) {}

  private void run() throws Exception {
    Files.createDirectories(out);
    int events = arg("events", 5000);
    Dataset dataset = DatasetReader.read(Path.of(args.getOrDefault("data", "../shared/data/ml-latest-small-genres")));
    List<TenantData> candidates = dataset.tenants().stream().filter(t -> t.numInteractions() >= events + 1000)
        .sorted(Comparator.comparingInt(TenantData::numInteractions)).toList();
    int wanted = Math.min(arg("new-tenants", 3), candidates.size());
    if (wanted == 0) {
      throw new IllegalStateException("no tenant of the dataset has " + (events + 1000) + " events");
    }
    List<TenantData> newcomers = new ArrayList<>();
    for (int k = 0; k < wanted; k++) {
      newcomers.add(candidates.get(wanted == 1 ? 0 : k * (candidates.size() - 1) / (wanted - 1)));
    }
    EmbeddedDatabase database = TestDatabases.start(Files.createTempDirectory("warmstart-onboarding").resolve("pgdata"));
    port = PlatformProcess.freePort();
    keycloak = BenchIdentity.start();
    Process platform = startPlatform(database.jdbcUrl(), events);
    try {
      PlatformProcess.awaitReady("http://localhost:" + port, platform);
      for (TenantData donor : dataset.tenants()) {
        if (!newcomers.contains(donor)) {
          importDonor(donor);
        }
      }
      metaTrain(arg("meta-seconds", 60));
      List<Result> results = new ArrayList<>();
      for (TenantData newcomer : newcomers) {
        Result result = onboard(newcomer, events);
        results.add(result);
        System.out.printf(Locale.ROOT, "%-20s %s after %.1f s (queued %.1f s, adaptation %.1f s): %s%n", result.tenant(),
            result.status(), result.served(), result.queued(), result.adaptSeconds(), result.reason());
      }
      report(dataset.name(), results);
    } finally {
      platform.destroy();
      keycloak.close();
      platform.waitFor(60, TimeUnit.SECONDS);
      database.close();
    }
  }

  private void importDonor(TenantData donor) throws Exception {
    String tenant = slug("donor-" + donor.name());
    createTenant(tenant, false, true);
    Http.expectOk(Http.post(port, "/v1/imports/items", tenant, "text/csv", itemsCsv(donor).getBytes(StandardCharsets.UTF_8)));
    StringBuilder csv = new StringBuilder("user,item,timestamp\n");
    for (int k = 0; k < donor.numInteractions(); k++) {
      long ts = donor.timestamps()[k];
      csv.append(csvField(donor.userIds().get(donor.users()[k]))).append(',').append(csvField(donor.itemIds().get(donor.items()[k])))
          .append(',').append(ts == TenantData.MISSING_TIME ? "" : Long.toString(ts)).append('\n');
    }
    Http.expectOk(Http.post(port, "/v1/imports/events?defaultType=view", tenant, "text/csv", csv.toString().getBytes(StandardCharsets.UTF_8)));
    System.out.printf(Locale.ROOT, "donor %-24s %,8d events%n", tenant, donor.numInteractions());
  }

  private void metaTrain(int seconds) throws Exception {
    long started = System.nanoTime();
    JsonNode job = JSON.readTree(Http.expectOk(Http.post(port, "/v1/meta-inits/train", null, "application/json",
        ("{\"maxSeconds\":" + seconds + "}").getBytes(StandardCharsets.UTF_8))).body());
    String path = "/v1/meta-inits/jobs/" + job.get("jobId").asLong();
    JsonNode state;
    do {
      Thread.sleep(1000);
      state = JSON.readTree(Http.expectOk(Http.get(port, path, null)).body());
    } while (!state.get("status").asText().matches("succeeded|failed"));
    JsonNode init = JSON.readTree(Http.expectOk(Http.get(port, "/v1/meta-inits?limit=1", null)).body()).get(0);
    System.out.printf(Locale.ROOT, "meta-init %s in %.0f s: %s%n", init == null ? "none" : init.get("status").asText(),
        (System.nanoTime() - started) / 1e9, state.get("message").asText());
    if (init == null || !init.get("status").asText().equals("promoted")) {
      System.out.println("No promoted meta-init: new tenants adapt from scratch.");
    }
  }

  private Result onboard(TenantData data, int events) throws Exception {
    String tenant = slug("new-" + data.name());
    createTenant(tenant, true, false);
    Http.expectOk(Http.post(port, "/v1/imports/items", tenant, "text/csv", itemsCsv(data).getBytes(StandardCharsets.UTF_8)));
    Events ordered = TimeOrder.order(data, 1).prefix(events);
    String probeUser = data.userIds().get(ordered.users()[ordered.size() - 1]);
    long accepted = 0;
    for (int from = 0; from < ordered.size(); from += 1000) {
      StringBuilder body = new StringBuilder("{\"events\":[");
      for (int k = from; k < Math.min(ordered.size(), from + 1000); k++) {
        long ts = ordered.timestamps()[k];
        body.append(k == from ? "" : ",").append("{\"eventId\":\"e").append(k).append("\",\"userId\":").append(jsonString(data.userIds().get(ordered.users()[k])))
            .append(",\"itemId\":").append(jsonString(data.itemIds().get(ordered.items()[k]))).append(",\"type\":\"view\"")
            .append(ts == TenantData.MISSING_TIME ? "" : ",\"timestamp\":" + ts).append('}');
      }
      Http.expectOk(Http.post(port, "/v1/events", tenant, "application/json", body.append("]}").toString().getBytes(StandardCharsets.UTF_8)));
      accepted = System.nanoTime();
    }
    long deadline = accepted + TimeUnit.SECONDS.toNanos(arg("timeout-seconds", 300));
    while (System.nanoTime() < deadline) {
      JsonNode list = JSON.readTree(Http.expectOk(Http.get(port, "/v1/recommendations/users/" + urlEncode(probeUser) + "?count=10", tenant)).body());
      if (list.get("strategy").asText().equals("personalised")) {
        return result(tenant, data, events, (System.nanoTime() - accepted) / 1e9);
      }
      JsonNode models = JSON.readTree(Http.expectOk(Http.get(port, "/v1/models?limit=1", tenant)).body());
      if (models.size() > 0 && models.get(0).get("status").asText().matches("rejected|failed")) {
        return result(tenant, data, events, (System.nanoTime() - accepted) / 1e9);
      }
      Thread.sleep(50);
    }
    return result(tenant, data, events, Double.NaN);
  }

  private Result result(String tenant, TenantData data, int events, double seconds) throws Exception {
    JsonNode model = JSON.readTree(Http.expectOk(Http.get(port, "/v1/models?limit=1", tenant)).body()).path(0);
    JsonNode jobs = JSON.readTree(Http.expectOk(Http.get(port, "/v1/jobs?limit=1", tenant)).body()).path(0);
    double queued = jobs.isMissingNode() || jobs.get("startedAt").isNull() ? Double.NaN
        : (java.time.Instant.parse(jobs.get("startedAt").asText()).toEpochMilli() - java.time.Instant.parse(jobs.get("createdAt").asText()).toEpochMilli()) / 1000.0;
    JsonNode metrics = model.path("metrics");
    return new Result(tenant, events, data.numItems(), seconds, model.path("status").asText("none"), model.path("reason").asText(""), queued,
        metrics.path("adaptSeconds").asDouble(Double.NaN), number(metrics.path("validationNdcgAt10")), number(metrics.path("popularityValidationNdcgAt10")));
  }

  private void report(String dataset, List<Result> results) throws IOException {
    double median = median(results.stream().filter(r -> r.status().equals("promoted")).mapToDouble(Result::served).toArray());
    double decided = median(results.stream().mapToDouble(Result::served).toArray());
    long promoted = results.stream().filter(r -> r.status().equals("promoted")).count();
    StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
        "Dataset %s, %d events per new tenant (onboarding threshold = %d). Median time to first personalised model: **%.1f s** "
            + "(%d of %d tenants promoted; target 10 s, ratio %.2f). Median time to the decision (promoted or rejected), all tenants: %.1f s.%n%n"
            + "| tenant | items | status | decided after s | job queued s | adaptation s | val NDCG@10 | popularity val NDCG@10 | reason |%n"
            + "|---|---:|---|---:|---:|---:|---:|---:|---|%n",
        dataset, results.isEmpty() ? 0 : results.get(0).events(), results.isEmpty() ? 0 : results.get(0).events(), median, promoted,
        results.size(), median / 10.0, decided));
    for (Result r : results) {
      md.append(String.format(Locale.ROOT, "| %s | %,d | %s | %.1f | %.1f | %.1f | %s | %s | %s |%n", r.tenant(), r.items(), r.status(), r.served(),
          r.queued(), r.adaptSeconds(), format(r.validationNdcg()), format(r.popularityNdcg()), r.reason().replace("|", "/")));
    }
    Files.writeString(out.resolve("onboarding.md"), md);
    Files.writeString(out.resolve("onboarding.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(Map.of(
        "dataset", dataset, "median_seconds_to_first_model", median, "median_seconds_to_decision", decided, "results", results)));
    System.out.println();
    System.out.print(md);
  }

  private static double median(double[] values) {
    double[] sorted = java.util.Arrays.stream(values).sorted().toArray();
    int n = sorted.length;
    return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private void createTenant(String tenant, boolean autoTraining, boolean share) throws Exception {
    Http.expectOk(Http.post(port, "/v1/tenants", null, "application/json", String.format(Locale.ROOT,
        "{\"id\":\"%s\",\"displayName\":\"%s\",\"kind\":\"media\",\"shareForMetaLearning\":%s,\"settings\":{\"autoTraining\":%s}}",
        tenant, tenant, share, autoTraining).getBytes(StandardCharsets.UTF_8)));
  }

  private static String itemsCsv(TenantData data) {
    StringBuilder csv = new StringBuilder("id,title,categories,tags\n");
    for (int i = 0; i < data.numItems(); i++) {
      ItemContent c = data.content().get(i);
      csv.append(csvField(data.itemIds().get(i))).append(',').append(csvField(c.title())).append(',')
          .append(csvField(String.join("|", c.categories()))).append(',').append(csvField(String.join("|", c.tags()))).append('\n');
    }
    return csv.toString();
  }

  private static String slug(String name) {
    String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("-+$", "");
    return slug.length() > 63 ? slug.substring(0, 63) : slug;
  }

  private static String csvField(String value) {
    return "\"" + value.replace("\"", "\"\"") + "\"";
  }

  private static String jsonString(String value) throws IOException {
    return JSON.writeValueAsString(value);
  }

  private static String urlEncode(String value) {
    return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static Double number(JsonNode node) {
    return node.isNumber() ? node.asDouble() : null;
  }

  private static String format(Double value) {
    return value == null ? "-" : String.format(Locale.ROOT, "%.4f", value);
  }

  private Process startPlatform(String jdbcUrl, int onboardingEvents) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(PlatformProcess.benchCommand("3g"));
    builder.environment().put("WARMSTART_DB_URL", jdbcUrl);
    // The embedded server of TestDatabases; an external one brings its password in the environment.
    builder.environment().putIfAbsent("WARMSTART_DB_PASSWORD", TestDatabases.PASSWORD);
    TestRealm.useKeycloak(builder.environment(), keycloak.baseUrl());
    builder.environment().put("WARMSTART_PORT", Integer.toString(port));
    builder.environment().put("WARMSTART_HOME", out.toAbsolutePath().resolve("home").toString());
    builder.environment().put("WARMSTART_TRAINING_ONBOARDING_MIN_EVENTS", Integer.toString(onboardingEvents));
    builder.environment().put("WARMSTART_TRAINING_META_TRAIN_CRON", "off");
    builder.environment().put("WARMSTART_TRAINING_READAPT_CRON", "off");
    builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(out.resolve("platform.log").toFile()));
    return builder.start();
  }

}
