package io.warmstart.platform.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.warmstart.platform.models.ModelRegistry.TrainingResult;
import io.warmstart.platform.support.Api;
import io.warmstart.platform.support.TestDatabases;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Job ids are session advisory locks with one bigint key; the model registry's locks must never
 * share that key space. Here a "job" holds, as its id, the very keys the registry once derived
 * from the tenant id with {@code hashtext}: a promotion decision must still go through.
 */
@QuarkusTest
class AdvisoryLockKeysTest {

  @Inject ModelRegistry registry;

  @ConfigProperty(name = "warmstart.db.url")
  String databaseUrl;

  @Test
  void aJobWhoseIdEqualsATenantsHashDoesNotStallThatTenantsPromotions() throws Exception {
    String tenant = Api.createTenant("locks");
    int version = registry.startTenantModel(tenant, null, 1L);
    registry.storeTenantModel(tenant, version, new TrainingResult(new byte[] {1, 2, 3}, "{}", 0L, 0, null, null));
    try (Connection job = DriverManager.getConnection(databaseUrl, "postgres", TestDatabases.PASSWORD)) {
      for (String key : new String[] {"hashtext('warmstart.models:' || ?)", "hashtext(?)"}) {
        try (PreparedStatement lock = job.prepareStatement("SELECT pg_try_advisory_lock(" + key + "::bigint)")) {
          lock.setString(1, tenant);
          try (ResultSet row = lock.executeQuery()) {
            row.next();
            assertTrue(row.getBoolean(1), "the job could not take " + key);
          }
        }
      }
      ModelStatus decided = CompletableFuture.supplyAsync(() -> registry.decideTenantModel(tenant, version, null, false, "rejected by the test"))
          .get(60, TimeUnit.SECONDS);
      assertEquals(ModelStatus.REJECTED, decided);
    }
  }
}
