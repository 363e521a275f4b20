package io.warmstart.platform.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warmstart.platform.support.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The migrate-only mode as the Kubernetes migration Job runs it (infra/k8s/migrate/): the packaged
 * application (the image's {@code java -jar quarkus-run.jar}, so Flyway finds its migrations through
 * Quarkus' fast-jar class loader) with {@code WARMSTART_MODE=migrate} applies every migration to an empty
 * database and exits 0, without Keycloak and without opening a port; run again it applies nothing and
 * exits 0; without a database it refuses with 2.
 */
class MigrateOnlyIT {

  private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
  private static final Path MIGRATIONS = Path.of("src", "main", "resources", "db", "migration");

  @Test
  void migratesAnEmptyDatabaseAndExitsWithoutStartingThePlatform(@TempDir Path home) throws Exception {
    try (EmbeddedDatabase database = TestDatabases.start(home.resolve("pgdata"))) {
      Run first = migrate(home, database, "first");
      assertEquals(0, first.exit(), first.output());
      long migrations;
      try (Stream<Path> files = Files.list(MIGRATIONS)) {
        migrations = files.filter(f -> f.getFileName().toString().matches("V\\d+__.+\\.sql")).count();
      }
      assertTrue(first.output().contains(migrations + " migration(s) applied now"), first.output());
      try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), EmbeddedDatabase.USER, database.password());
          Statement query = connection.createStatement();
          ResultSet row = query.executeQuery("SELECT count(*) FILTER (WHERE success), count(*) FROM flyway_schema_history WHERE version IS NOT NULL")) {
        row.next();
        assertEquals(migrations, row.getLong(1), "every migration applied successfully");
        assertEquals(migrations, row.getLong(2));
      }
      try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), EmbeddedDatabase.USER, database.password());
          Statement query = connection.createStatement();
          ResultSet row = query.executeQuery("SELECT to_regclass('public.jobs') IS NOT NULL")) {
        row.next();
        assertTrue(row.getBoolean(1), "the schema exists");
      }

      Run again = migrate(home, database, "again");
      assertEquals(0, again.exit(), again.output());
      assertTrue(again.output().contains(" 0 migration(s) applied now"), again.output());
    }
  }

  @Test
  void refusesWithoutADatabase(@TempDir Path home) throws Exception {
    Run run = run(home, Map.of("WARMSTART_MODE", "migrate"), "no-database");
    assertEquals(2, run.exit(), run.output());
    assertTrue(run.output().contains("WARMSTART_DB_URL"), run.output());
  }

  private record Run(int exit, String output) {}

  private static Run migrate(Path home, EmbeddedDatabase database, String name) throws Exception {
    Map<String, String> env = new java.util.HashMap<>();
    TestDatabases.use(env, database);
    env.put("WARMSTART_MODE", "migrate");
    return run(home, env, name);
  }

  private static Run run(Path home, Map<String, String> extraEnv, String name) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar", JAR.toString());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(key -> key.startsWith("WARMSTART_") || key.startsWith("QUARKUS_"));
    env.put("WARMSTART_HOME", home.toString());
    // No Keycloak anywhere: the mode must not need one.
    env.put("WARMSTART_KEYCLOAK_URL", "http://127.0.0.1:9");
    env.putAll(extraEnv);
    Path log = home.resolve(name + ".log");
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    Process process = builder.start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("migrate mode did not exit within 120 s: " + Files.readString(log));
    }
    return new Run(process.exitValue(), Files.readString(log));
  }
}
