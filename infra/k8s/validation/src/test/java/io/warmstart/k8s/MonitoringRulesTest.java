package io.warmstart.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The alerts of the PrometheusRule read metrics that exist and tell the on-call person what to do. What
 * promtool checks (PromQL syntax, firing behaviour) is left to infra/k8s/check-rules.sh, which needs a
 * binary that Maven Central does not have; this test runs in every `./mvnw verify`:
 * <ul>
 *   <li>every metric name an alert's expression uses is either one the platform exports, derived from its
 *   Micrometer meters in platform-api's sources with Micrometer's Prometheus naming (dots to underscores,
 *   counters {@code _total}, timers {@code _seconds_count|_sum|_max|_bucket}, a base unit as suffix), or
 *   comes from an exporter that docs/deployment.md installs (kube-state-metrics {@code kube_*}, CNPG
 *   {@code cnpg_*}, Quarkus' HTTP and JVM binders);</li>
 *   <li>every alert has a severity (warning or critical), a summary and a runbook.</li>
 * </ul>
 */
class MonitoringRulesTest {

  /** Metric families of other exporters the alerts may read (kube-prometheus-stack's kube-state-metrics, CNPG). */
  private static final List<String> EXTERNAL_PREFIXES = List.of("kube_", "cnpg_", "http_server_requests_", "jvm_", "process_", "up");

  private static final Set<String> PROMQL_WORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
      "group_left", "group_right", "offset", "bool", "inf", "nan");

  private static List<JsonNode> alerts;
  private static Set<String> platformMetrics;

  @BeforeAll
  static void load() {
    alerts = new ArrayList<>();
    for (Manifests.Document rule : Manifests.objects()) {
      if (rule.kind().equals("PrometheusRule")) {
        rule.content().at("/spec/groups").forEach(group -> group.path("rules").forEach(r -> {
          if (r.has("alert")) {
            alerts.add(r);
          }
        }));
      }
    }
    platformMetrics = platformMetrics(Manifests.directory().resolve("../../platform-api/src/main/java").normalize());
  }

  @Test
  void thePlatformsOwnMetricsAreFoundInItsSources() {
    // The derivation itself: meters known to exist must come out under their Prometheus names.
    assertTrue(platformMetrics.contains("warmstart_ingest_events_total"), platformMetrics.toString());
    assertTrue(platformMetrics.contains("warmstart_ingest_batch_seconds_count"), platformMetrics.toString());
    assertTrue(platformMetrics.contains("warmstart_jobs"), platformMetrics.toString());
    assertTrue(platformMetrics.contains("warmstart_jobs_oldest_queued_age_seconds"), platformMetrics.toString());
  }

  @Test
  void everyAlertReadsMetricsThatExist() {
    assertTrue(alerts.size() >= 5, "the alerts of docs/deployment.md: " + alerts.size());
    List<String> problems = new ArrayList<>();
    Set<String> used = new TreeSet<>();
    for (JsonNode alert : alerts) {
      for (String metric : metricNames(alert.path("expr").asString())) {
        used.add(metric);
        boolean known = metric.startsWith("warmstart_") ? platformMetrics.contains(metric)
            : EXTERNAL_PREFIXES.stream().anyMatch(metric::startsWith);
        if (!known) {
          problems.add(alert.path("alert").asString() + " reads " + metric + ", which nothing exports (platform metrics: " + platformMetrics + ")");
        }
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
    assertTrue(used.contains("warmstart_jobs_oldest_queued_age_seconds"), "an alert on jobs waiting: " + used);
  }

  @Test
  void everyAlertSaysHowBadItIsAndWhatToDo() {
    Set<String> names = new TreeSet<>();
    for (JsonNode alert : alerts) {
      String name = alert.path("alert").asString();
      assertTrue(names.add(name), "alert " + name + " defined twice");
      assertTrue(name.matches("Warmstart[A-Z][A-Za-z]+"), name + ": alerts are named Warmstart<What>");
      assertTrue(Set.of("warning", "critical").contains(alert.at("/labels/severity").asString()), name + ": severity warning or critical");
      assertFalse(alert.at("/annotations/summary").asString("").isBlank(), name + ": summary");
      assertFalse(alert.at("/annotations/description").asString("").isBlank(), name + ": description");
      String runbook = alert.at("/annotations/runbook").asString("");
      assertTrue(runbook.contains("docs/deployment.md") && runbook.length() > 60, name + ": a runbook that points at docs/deployment.md and says what to do");
    }
  }

  /** The metric names of a PromQL expression: identifiers that are neither functions, keywords, labels nor durations. */
  static Set<String> metricNames(String expr) {
    String s = expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")       // string literals
        .replaceAll("\\{[^}]*}", " ")                                   // label matchers
        .replaceAll("\\[[^]]*]", " ")                                   // range and subquery durations
        .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " "); // label lists
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(\\s*\\()?").matcher(s);
    while (m.find()) {
      String token = m.group().replaceAll("[\\s(]", "");
      boolean function = m.group(1) != null;
      int start = m.start();
      boolean partOfNumber = start > 0 && Character.isDigit(s.charAt(start - 1));
      if (!function && !partOfNumber && !PROMQL_WORDS.contains(token.toLowerCase())) {
        names.add(token);
      }
    }
    return names;
  }

  @Test
  void theExpressionParserFindsMetricsOnly() {
    assertEquals(Set.of("a_total", "b_seconds"), metricNames(
        "sum by (pod, kind) (rate(a_total{x=\"y}\", z=~\"w\"}[5m])) > on(pod) group_left(kind) max without (le) (b_seconds) * 1e3 and bool 2"));
  }

  /** Prometheus names of the Micrometer meters registered in the platform's sources. */
  static Set<String> platformMetrics(Path sources) {
    Set<String> names = new TreeSet<>();
    Pattern builder = Pattern.compile("(Counter|Timer|Gauge|DistributionSummary|LongTaskTimer)\\.builder\\(\\s*\"([a-z0-9.]+)\"([^;]*);", Pattern.DOTALL);
    Pattern timed = Pattern.compile("@Timed\\(\\s*value\\s*=\\s*\"([a-z0-9.]+)\"");
    Pattern counted = Pattern.compile("@Counted\\(\\s*value\\s*=\\s*\"([a-z0-9.]+)\"");
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String code = Files.readString(file);
        Matcher b = builder.matcher(code);
        while (b.find()) {
          String base = b.group(2).replace('.', '_');
          Matcher unit = Pattern.compile("\\.baseUnit\\(\\s*\"([a-z]+)\"").matcher(b.group(3));
          if (unit.find() && !base.endsWith("_" + unit.group(1))) {
            base += "_" + unit.group(1);
          }
          switch (b.group(1)) {
            case "Counter" -> names.add(base + "_total");
            case "Gauge" -> names.add(base);
            case "Timer", "LongTaskTimer" -> timerNames(names, base.endsWith("_seconds") ? base : base + "_seconds");
            default -> timerNames(names, base);
          }
        }
        Matcher t = timed.matcher(code);
        while (t.find()) {
          timerNames(names, t.group(1).replace('.', '_') + "_seconds");
        }
        Matcher c = counted.matcher(code);
        while (c.find()) {
          names.add(c.group(1).replace('.', '_') + "_total");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return names;
  }

  private static void timerNames(Set<String> names, String base) {
    for (String suffix : List.of("_count", "_sum", "_max", "_bucket")) {
      names.add(base + suffix);
    }
  }
}
