package io.warmstart.platform.jobs;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.warmstart.platform.support.Api;
import io.warmstart.platform.support.TestDatabases;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The queue gauges as Prometheus scrapes them (names as infra/k8s/80-monitoring.yaml's alerts use them):
 * open jobs per kind and status, and how long the oldest runnable job has waited.
 */
@QuarkusTest
class JobMetricsTest {

  @Inject JobQueue queue;
  @Inject JobMetrics metrics;

  @ConfigProperty(name = "warmstart.db.url")
  String databaseUrl;

  @Test
  void openJobsAndTheOldestWaitAreExportedPerKind() throws Exception {
    // A kind no handler runs (the in-process worker leaves it alone), unique to this run of the test.
    String kind = "test-metrics-" + UUID.randomUUID().toString().substring(0, 8);
    String tenant = Api.createTenant("jobmetrics");
    Job waiting = queue.enqueue(tenant, kind, "{}");
    String other = Api.createTenant("jobmetrics");
    queue.enqueue(other, kind, "{}");
    try (Connection connection = DriverManager.getConnection(databaseUrl, "postgres", TestDatabases.PASSWORD);
        PreparedStatement backdate = connection.prepareStatement("UPDATE jobs SET run_after = now() - interval '90 seconds' WHERE tenant_id = ? AND job_id = ?")) {
      backdate.setString(1, tenant);
      backdate.setLong(2, waiting.jobId());
      assertEquals(1, backdate.executeUpdate());
    }

    metrics.refresh();
    Map<String, Double> scraped = scrape();
    assertEquals(2.0, scraped.get("warmstart_jobs{kind=\"" + kind + "\",status=\"queued\"}"), () -> "scraped: " + scraped);
    assertEquals(0.0, scraped.get("warmstart_jobs{kind=\"" + kind + "\",status=\"running\"}"));
    double age = scraped.get("warmstart_jobs_oldest_queued_age_seconds{kind=\"" + kind + "\"}");
    assertTrue(age >= 90 && age < 600, "the oldest runnable job waited about 90 s: " + age);
    // The platform's own kinds are always there, so alerts see 0 rather than no series.
    assertTrue(scraped.containsKey("warmstart_jobs{kind=\"adapt\",status=\"queued\"}"), () -> "scraped: " + scraped.keySet());
    assertTrue(scraped.containsKey("warmstart_jobs_oldest_queued_age_seconds{kind=\"meta-train\"}"));

    // Once the jobs are gone the series drop to 0 instead of keeping the last count.
    try (Connection connection = DriverManager.getConnection(databaseUrl, "postgres", TestDatabases.PASSWORD);
        PreparedStatement finish = connection.prepareStatement("UPDATE jobs SET status = 'SUCCEEDED', finished_at = now() WHERE kind = ?")) {
      finish.setString(1, kind);
      assertEquals(2, finish.executeUpdate());
    }
    metrics.refresh();
    Map<String, Double> after = scrape();
    assertEquals(0.0, after.get("warmstart_jobs{kind=\"" + kind + "\",status=\"queued\"}"));
    assertEquals(0.0, after.get("warmstart_jobs_oldest_queued_age_seconds{kind=\"" + kind + "\"}"));
  }

  /** The warmstart_jobs* samples of /q/metrics, by series (name and labels in the order written). */
  private static Map<String, Double> scrape() {
    String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
    Map<String, Double> samples = new TreeMap<>();
    Matcher line = Pattern.compile("(?m)^(warmstart_jobs[a-z_]*\\{[^}]*})\\s+(\\S+)").matcher(body);
    while (line.find()) {
      samples.put(line.group(1).replace(",}", "}"), Double.parseDouble(line.group(2)));
    }
    return samples;
  }
}
