package io.warmstart.platform.problem;

import static org.hamcrest.Matchers.containsString;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.warmstart.platform.support.Api;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * When every pooled database connection is taken (what stalled uploads did before they were
 * spooled), a request that needs one is told to come back later, 503 with Retry-After, never a 500;
 * and once connections are free again the same request is served.
 */
@QuarkusTest
class PoolExhaustionTest {

  @Inject AgroalDataSource dataSource;

  @Test
  void aRequestThatGetsNoConnectionIs503WithRetryAfter() throws Exception {
    String tenant = Api.createTenant("pool");
    Api.tenantToken(tenant); // fetched before the pool is drained: a token needs Keycloak, not the database
    List<Connection> held = new ArrayList<>();
    try {
      // Until the pool has none left (a job of another test may hold one): the last attempt waits out the acquisition timeout.
      for (Connection connection = tryConnection(); connection != null; connection = tryConnection()) {
        held.add(connection);
      }
      Api.asTenant(tenant).get("/v1/stats")
          .then().statusCode(503).contentType(Problem.MEDIA_TYPE).header("Retry-After", "1")
          .body("detail", containsString("database connections are all in use"));
    } finally {
      for (Connection connection : held) {
        close(connection);
      }
    }
    Api.asTenant(tenant).get("/v1/stats").then().statusCode(200);
  }

  private Connection tryConnection() {
    try {
      return dataSource.getConnection();
    } catch (SQLException none) {
      return null;
    }
  }

  private static void close(Connection connection) {
    try {
      connection.close();
    } catch (SQLException alreadyBroken) {
      // returned to the pool or discarded by it either way
    }
  }
}
