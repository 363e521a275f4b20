package io.warmstart.platform.launcher;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The migrate-only mode ({@code WARMSTART_MODE=migrate}): applies the platform's Flyway migrations to the
 * configured database and exits, without starting Quarkus (no HTTP server, no Keycloak, no workers).
 *
 * <p>Why a mode of its own: on Kubernetes the schema is migrated once per release by a Job that runs
 * before the rollout (infra/k8s/migrate/), and the API and worker pods start with
 * {@code quarkus.flyway.migrate-at-start=false}. Pods then never run DDL while serving, a failed migration
 * stops the release before any pod changes, and the database role of serving pods could later lose DDL
 * rights. Same image, same migrations ({@code classpath:db/migration}) and the same Flyway settings as
 * Quarkus' defaults (history table {@code flyway_schema_history}), so both ways of migrating are
 * interchangeable on one database. Concurrent runs are safe: Flyway serialises them with its lock in
 * PostgreSQL.
 */
public final class DatabaseMigration {

  /** Where the migrations live: Quarkus' default for {@code quarkus.flyway.locations}. */
  static final String LOCATION = "classpath:db/migration";
  /** Connection attempts (Flyway backs off up to 2 minutes between them): a CNPG switchover takes seconds. */
  static final int CONNECT_RETRIES = 6;

  private DatabaseMigration() {}

  /** What one run did: the number of migrations applied and the schema version afterwards. */
  public record Outcome(int applied, String schemaVersion) {}

  /** Applies the pending migrations; throws if one fails (Flyway rolls that one back: PostgreSQL has transactional DDL). */
  public static Outcome migrate(String jdbcUrl, String user, String password) {
    Flyway flyway = Flyway.configure(DatabaseMigration.class.getClassLoader())
        .dataSource(jdbcUrl, user, password)
        .locations(LOCATION)
        .connectRetries(CONNECT_RETRIES)
        .load();
    MigrateResult result = flyway.migrate();
    String version = result.targetSchemaVersion != null ? result.targetSchemaVersion
        : flyway.info().current() != null ? flyway.info().current().getVersion().getVersion() : "none";
    return new Outcome(result.migrationsExecuted, version);
  }

  /**
   * The mode's main: migrates the database named by WARMSTART_DB_URL (and _USER, _PASSWORD) and returns the
   * process' exit status: 0 when the schema is current, 1 when a migration failed, 2 when no database is set.
   */
  static int run() {
    String url = DatabaseSettings.configuredJdbcUrl().orElse(null);
    if (url == null) {
      System.err.println("WARMSTART_MODE=migrate migrates an external database: set WARMSTART_DB_URL (and _USER, _PASSWORD).");
      return 2;
    }
    String user = System.getProperty("warmstart.db.user", "postgres");
    String password = System.getProperty("warmstart.db.password", "");
    System.out.println("Migrating " + DatabaseSettings.redact(url) + " (" + LOCATION + ")");
    try {
      Outcome outcome = migrate(url, user, password);
      System.out.println("Schema is current: version " + outcome.schemaVersion() + ", " + outcome.applied() + " migration(s) applied now.");
      return 0;
    } catch (RuntimeException e) {
      System.err.println("Migration failed: " + e.getMessage());
      return 1;
    }
  }
}
