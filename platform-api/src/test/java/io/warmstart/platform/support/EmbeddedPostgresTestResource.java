package io.warmstart.platform.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.warmstart.platform.launcher.EmbeddedDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One real PostgreSQL 17 for the whole test run (the same embedded server the platform starts by
 * default), in a fresh directory. Registered globally by {@link PostgresTestSupport}.
 */
public class EmbeddedPostgresTestResource implements QuarkusTestResourceLifecycleManager {

  private EmbeddedDatabase database;

  @Override
  public Map<String, String> start() {
    try {
      Path dataDirectory = Files.createTempDirectory("warmstart-test-pg");
      database = TestDatabases.start(dataDirectory.resolve("pgdata"));
      return Map.of("warmstart.db.url", database.jdbcUrl(), "warmstart.db.user", EmbeddedDatabase.USER, "warmstart.db.password", database.password());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void stop() {
    if (database != null) {
      database.close();
    }
  }
}
