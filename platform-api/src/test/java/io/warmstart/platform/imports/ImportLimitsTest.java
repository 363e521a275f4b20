package io.warmstart.platform.imports;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.warmstart.platform.support.Api;
import io.warmstart.platform.support.StalledUpload;
import jakarta.inject.Inject;
import java.net.URL;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Uploads that stall hold no database connection, end with 408 after the idle timeout (3 s in
 * tests), and count against limits per tenant (2) and in all (4) that answer 429, while other
 * tenants are served as usual.
 */
@QuarkusTest
class ImportLimitsTest {

  private static final Duration ANSWER_WAIT = Duration.ofSeconds(20);

  @TestHTTPResource("/")
  URL base;

  @Inject AgroalDataSource dataSource;

  @Test
  void stalledUploadsAreLimitedHoldNoConnectionAndEndWith408() throws Exception {
    String slow = Api.createTenant("stalling");
    String alsoSlow = Api.createTenant("stalling-too");
    String other = Api.createTenant("served");
    Api.tenantToken(slow);
    Api.tenantToken(alsoSlow);
    Api.tenantToken(other);
    List<StalledUpload> stalled = new ArrayList<>();
    try {
      stalled.add(stall(slow, "/v1/imports/events"));
      stalled.add(stall(slow, "/v1/imports/items"));
      stalled.add(stall(alsoSlow, "/v1/imports/events"));
      stalled.add(stall(alsoSlow, "/v1/imports/events"));
      Thread.sleep(300);
      Api.asTenant(slow).contentType("text/csv").body("user,item\nu,i\n").post("/v1/imports/events")
          .then().statusCode(429).contentType("application/problem+json").header("Retry-After", "10")
          .body("detail", containsString("imports in progress"));
      Api.asTenant(other).contentType("text/csv").body("user,item\nu2,i2\n").post("/v1/imports/events")
          .then().statusCode(429).header("Retry-After", "10").body("detail", containsString("running 4 imports"));
      Api.asTenant(other).body("{\"events\":[{\"userId\":\"u1\",\"itemId\":\"i1\",\"type\":\"view\"}]}").post("/v1/events")
          .then().statusCode(200);
      Api.asTenant(other).get("/v1/stats").then().statusCode(200).body("events", equalTo(1));
      assertEquals(0, transactionsWaitingOnClients(), "no transaction stays open while uploads stall");

      for (StalledUpload upload : stalled) {
        StalledUpload.Response answer = upload.answer(ANSWER_WAIT);
        assertEquals(408, answer.status(), answer.raw());
        assertTrue(answer.raw().contains("application/problem+json") && answer.raw().contains("stopped arriving"), answer.raw());
      }
    } finally {
      for (StalledUpload upload : stalled) {
        upload.close();
      }
    }
    Api.asTenant(other).contentType("text/csv").body("user,item\nu2,i2\n").post("/v1/imports/events")
        .then().statusCode(200).body("written", equalTo(1));
    Api.asTenant(slow).contentType("text/csv").body("user,item\nu,i\n").post("/v1/imports/events").then().statusCode(200);
    Api.asTenant(slow).get("/v1/stats").then().body("events", equalTo(1)).body("items", equalTo(1));
  }

  @Test
  void aStalledJsonBatchIs408AndStoresNothing() throws Exception {
    String tenant = Api.createTenant("stalled-json");
    try (StalledUpload upload = StalledUpload.start(base.getHost(), base.getPort(), "/v1/events", Api.tenantToken(tenant),
        "application/json", "{\"events\":[{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\"},")) {
      StalledUpload.Response answer = upload.answer(ANSWER_WAIT);
      assertEquals(408, answer.status(), answer.raw());
    }
    Api.asTenant(tenant).get("/v1/stats").then().body("events", equalTo(0));
  }

  private StalledUpload stall(String tenant, String path) throws Exception {
    return StalledUpload.start(base.getHost(), base.getPort(), path, Api.tenantToken(tenant), "text/csv",
        path.endsWith("items") ? "id,title\nb1,Dune\n" : "user,item\n");
  }

  /** Sessions that have sat in an open transaction for over a second: what a held import used to look like. */
  private long transactionsWaitingOnClients() throws Exception {
    try (Connection connection = dataSource.getConnection(); Statement query = connection.createStatement();
        ResultSet row = query.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE state LIKE 'idle in transaction%' "
            + "AND state_change < clock_timestamp() - interval '1 second'")) {
      row.next();
      return row.getLong(1);
    }
  }
}
