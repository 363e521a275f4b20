package io.warmstart.platform.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warmstart.platform.operations.SqlLint.Finding;
import io.warmstart.platform.operations.SqlLint.Rule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The SQL lint ({@link SqlLint}) over the Flyway migrations and over the SQL in the platform's Java
 * sources, plus bad snippets that show each rule can fail. Why each rule exists: docs/scaling.md.
 */
class SqlLintTest {

  private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
  private static final Path JAVA = Path.of("src/main/java");

  /** Tables where a blocking {@code CREATE INDEX} would stall ingestion or serving. */
  private static final Set<String> BIG_TABLES = Set.of("events", "items", "users");

  /**
   * Migrations exempt from the CONCURRENTLY rule, by version, because they are applied already and
   * cannot change. None so far: every index of V1-V10 is built in the migration that creates its
   * table, while the table is empty, which the rule allows anyway.
   */
  private static final Set<Integer> GRANDFATHERED_VERSIONS = Set.of();

  /**
   * Statements that break a rule on purpose. Each names the file, the rule, a piece of the statement
   * that identifies it, and why it is right.
   */
  private static final List<AllowedFinding> ALLOWED = List.of(
      // jobs is local to the Citus coordinator (infra/citus/placement.sql), so a queue-wide statement on
      // it runs on one node, and its claim may lock rows.
      new AllowedFinding("jobs/JobQueue.java", Rule.TENANT_FILTER, "FROM jobs WHERE status IN ('QUEUED', 'RUNNING') AND run_after <= now()",
          "the workers' claim takes the next runnable job of any tenant"),
      new AllowedFinding("jobs/JobQueue.java", Rule.ROW_LOCK_ON_TENANT_TABLE, "FROM jobs WHERE status IN ('QUEUED', 'RUNNING') AND run_after <= now()",
          "FOR UPDATE SKIP LOCKED is how workers share the queue; it needs jobs local"),
      new AllowedFinding("jobs/JobQueue.java", Rule.TENANT_FILTER, "SELECT EXISTS (SELECT 1 FROM jobs WHERE status = 'QUEUED'",
          "whether any tenant's job waits: the batch worker's exit test"),
      new AllowedFinding("jobs/JobMetrics.java", Rule.TENANT_FILTER, "FROM jobs WHERE status IN",
          "queue gauges per kind and status, over all tenants"),
      // Cross-tenant by nature: a multi-shard read under Citus (docs/scaling.md, "What needs care").
      new AllowedFinding("models/MetaTrainJobHandler.java", Rule.TENANT_FILTER, "SELECT t.tenant_id FROM tenants t WHERE t.status = 'ACTIVE'",
          "meta-training chooses its donors among all tenants that opted in"),
      new AllowedFinding("models/TrainingScheduler.java", Rule.TENANT_FILTER, "SELECT tenant_id FROM tenants WHERE status = 'ACTIVE'",
          "the nightly schedule lists the active tenants"),
      // A multi-shard read every second under Citus, on a handful of rows (the partial unique index of running experiments).
      new AllowedFinding("experiment/ExperimentStore.java", Rule.TENANT_FILTER, "WHERE status = 'running'",
          "each replica keeps every tenant's running experiments in memory, so serving asks no database"),
      // A multi-shard write every second under Citus; docs/scaling.md says why it is tolerated for now.
      new AllowedFinding("tenant/TenantChangeTracker.java", Rule.TENANT_FILTER, "UPDATE tenants SET data_changed_at = now() WHERE tenant_id = ANY (?)",
          "one statement per second marks every tenant whose data changed"));

  record AllowedFinding(String file, Rule rule, String statementContains, String why) {
    boolean covers(Finding finding) {
      return finding.source().endsWith(file) && finding.rule() == rule
          && SqlLint.normalised(finding.statement()).contains(statementContains);
    }
  }

  @Test
  void theMigrationsAndTheCodesSqlPassTheLint() throws IOException {
    List<Finding> findings = new ArrayList<>();
    SqlLint lint = lint();
    for (Path migration : migrations()) {
      findings.addAll(lint.checkMigration(migration.getFileName().toString(), Files.readString(migration),
          GRANDFATHERED_VERSIONS.contains(version(migration))));
    }
    try (Stream<Path> sources = Files.walk(JAVA)) {
      for (Path source : sources.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        for (String sql : JavaSqlLiterals.sqlIn(Files.readString(source))) {
          findings.addAll(lint.checkCode(JAVA.relativize(source).toString(), sql));
        }
      }
    }
    List<String> unexplained = findings.stream().filter(f -> ALLOWED.stream().noneMatch(a -> a.covers(f)))
        .map(Finding::toString).toList();
    assertEquals(List.of(), unexplained, "SQL that breaks the lint's rules (fix it, or add a justified entry to ALLOWED)");
    List<AllowedFinding> unused = ALLOWED.stream().filter(a -> findings.stream().noneMatch(a::covers)).toList();
    assertEquals(List.of(), unused, "ALLOWED entries that no longer match anything: remove them");
  }

  @Test
  void theLintSeesTheCodesSqlThroughConcatenationsAndConstants() {
    String source = """
        class Sample {
          private static final String COLUMNS = "item_id, title";
          void run() {
            db.prepare("SELECT " + COLUMNS + " FROM items WHERE tenant_id = ? AND item_id = "
                + quote(id, "x") + " LIMIT " + limit);
            db.prepare(\"""
                DELETE FROM events
                WHERE tenant_id = ?
                \""");
            log.info("not SQL");
          }
        }
        """;
    assertEquals(Set.of("SELECT item_id, title FROM items WHERE tenant_id = ? AND item_id = ? LIMIT ?",
        "DELETE FROM events\nWHERE tenant_id = ?\n"), JavaSqlLiterals.sqlIn(source));
  }

  @Test
  void eachRuleCatchesItsBadSnippet() {
    SqlLint lint = new SqlLint(Set.of("items", "events", "tenants"), BIG_TABLES);
    assertEquals(List.of(Rule.TENANT_FILTER), rules(lint.checkCode("s", "SELECT count(*) FROM events")));
    assertEquals(List.of(Rule.TENANT_FILTER), rules(lint.checkCode("s", "UPDATE tenants SET x = 1 WHERE tenant_id = ANY (?)")));
    assertEquals(List.of(Rule.TENANT_FILTER), rules(lint.checkCode("s", "DELETE FROM items WHERE item_id = ?")));
    assertEquals(List.of(Rule.TENANT_FILTER),
        rules(lint.checkCode("s", "INSERT INTO items (tenant_id, item_id) SELECT tenant_id, item_id FROM events")));
    assertEquals(List.of(Rule.ROW_LOCK_ON_TENANT_TABLE),
        rules(lint.checkCode("s", "SELECT * FROM items WHERE tenant_id = ? FOR UPDATE SKIP LOCKED")));
    assertEquals(List.of(Rule.SESSION_SETTING),
        rules(lint.checkCode("s", "SELECT set_config('role', 'warmstart_tenant', false), set_config('warmstart.tenant_id', ?, true)")));
    assertEquals(List.of(Rule.SESSION_SETTING), rules(lint.checkCode("s", "SET ROLE warmstart_tenant")));
    assertEquals(List.of(Rule.SESSION_SETTING), rules(lint.checkCode("s", "RESET warmstart.tenant_id")));
    assertEquals(List.of(Rule.COLUMN_DROPPED_OR_RENAMED), rules(lint.checkMigration("V12__x.sql", "ALTER TABLE items DROP COLUMN title;", false)));
    assertEquals(List.of(Rule.COLUMN_DROPPED_OR_RENAMED),
        rules(lint.checkMigration("V12__x.sql", "ALTER TABLE items RENAME COLUMN title TO name;", false)));
    assertEquals(List.of(Rule.COLUMN_DROPPED_OR_RENAMED), rules(lint.checkMigration("V12__x.sql", "ALTER TABLE items RENAME title TO name;", false)));
    assertEquals(List.of(Rule.INDEX_NOT_CONCURRENT),
        rules(lint.checkMigration("V12__x.sql", "CREATE INDEX events_by_type ON events (tenant_id, type);", false)));
    assertEquals(List.of(), rules(lint.checkMigration("V12__x.sql", "CREATE INDEX events_by_type ON events (tenant_id, type);", true)),
        "a grandfathered migration may build a blocking index");
  }

  @Test
  void goodSqlPasses() {
    SqlLint lint = new SqlLint(Set.of("items", "events", "tenants", "jobs"), BIG_TABLES);
    String migration = """
        -- A comment may say DROP COLUMN, FOR UPDATE or set_config('role', 'x', false) freely.
        CREATE TABLE ratings (tenant_id text NOT NULL, item_id text NOT NULL);
        CREATE INDEX ratings_by_item ON ratings (tenant_id, item_id);
        CREATE INDEX CONCURRENTLY events_by_type ON events (tenant_id, type);
        ALTER TABLE items ADD COLUMN subtitle text;
        DO $$ BEGIN EXECUTE 'SELECT 1; SELECT 2'; END $$;
        CREATE POLICY p ON items FOR UPDATE TO warmstart_tenant USING (tenant_id = current_setting('warmstart.tenant_id', true));
        """;
    assertEquals(List.of(), lint.checkMigration("V12__x.sql", migration, false));
    assertEquals(List.of(), lint.checkCode("s", "SELECT count(*) FROM events e JOIN items i ON i.tenant_id = e.tenant_id WHERE e.tenant_id = ?"));
    assertEquals(List.of(), lint.checkCode("s",
        "INSERT INTO events (tenant_id, event_id) SELECT ?, id FROM unnest(?) id ON CONFLICT (tenant_id, event_id) DO UPDATE SET event_id = 'x'"));
    assertEquals(List.of(), lint.checkCode("s", "SELECT set_config('role', 'warmstart_tenant', true); SET LOCAL ROLE NONE"));
    assertEquals(List.of(), lint.checkCode("s", "SELECT * FROM meta_inits FOR UPDATE"), "not a tenant table");
  }

  @Test
  void theTenantTablesAreReadFromTheMigrations() throws IOException {
    List<String> sql = new ArrayList<>();
    for (Path migration : migrations()) {
      sql.add(Files.readString(migration));
    }
    Set<String> tenantTables = SqlLint.tenantTablesOf(sql);
    assertTrue(tenantTables.containsAll(Set.of("tenants", "items", "users", "events", "jobs", "tenant_models", "audit_log", "tenant_usage")),
        () -> "tenant tables found: " + tenantTables);
    assertTrue(!tenantTables.contains("meta_inits") && !tenantTables.contains("scheduled_runs"), () -> "tenant tables found: " + tenantTables);
  }

  private static SqlLint lint() throws IOException {
    List<String> sql = new ArrayList<>();
    for (Path migration : migrations()) {
      sql.add(Files.readString(migration));
    }
    return new SqlLint(SqlLint.tenantTablesOf(sql), BIG_TABLES);
  }

  /** The migrations in version order. */
  private static List<Path> migrations() throws IOException {
    TreeMap<Integer, Path> byVersion = new TreeMap<>();
    try (Stream<Path> files = Files.list(MIGRATIONS)) {
      files.filter(p -> p.getFileName().toString().endsWith(".sql")).forEach(p -> byVersion.put(version(p), p));
    }
    return List.copyOf(byVersion.values());
  }

  private static int version(Path migration) {
    Matcher version = Pattern.compile("^V(\\d+)__").matcher(migration.getFileName().toString());
    if (!version.find()) {
      throw new IllegalArgumentException("Not a versioned migration: " + migration);
    }
    return Integer.parseInt(version.group(1));
  }

  private static List<Rule> rules(List<Finding> findings) {
    return findings.stream().map(Finding::rule).toList();
  }
}
