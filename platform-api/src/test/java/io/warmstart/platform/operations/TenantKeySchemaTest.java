package io.warmstart.platform.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The schema stays distributable by tenant (Citus {@code create_distributed_table(t, 'tenant_id')},
 * see docs/scaling.md): checked on the live schema, after Flyway ran, through pg_catalog.
 *
 * <p>A <em>tenant table</em> is every table of the schema with a {@code tenant_id} column (the
 * {@code tenants} directory included: its primary key is {@code tenant_id}). For each one:
 *
 * <ul>
 *   <li>it has a primary key;
 *   <li>its primary key, every unique or exclusion constraint and every index (unique or not,
 *       partial, expression) has {@code tenant_id} as its first key column, so that every key and
 *       every index lookup stays within one tenant, i.e. within one shard;
 *   <li>every foreign key that involves it has {@code tenant_id} on both sides at the same position
 *       (anything else can link rows of two tenants, which may sit on two nodes), and a foreign key
 *       from it to a non-tenant table points at a reference table of infra/citus/placement.sql.
 * </ul>
 *
 * <p>Every other table must be placed in infra/citus/placement.sql as local or reference, with the reason it is global, so
 * that a new table is classified on purpose.
 */
@QuarkusTest
class TenantKeySchemaTest {

  private static final String SCHEMA = "public";
  private static final String TENANT_KEY = "tenant_id";

  /**
   * Where each table goes under Citus, read from infra/citus/placement.sql: the one list of tables,
   * with the reason each non-distributed table is where it is (see {@link CitusPlacementTest}). Its
   * reference tables are the non-tenant tables that a tenant table may reference with a foreign key
   * (none today: the schema has no foreign keys at all).
   */
  private static final CitusPlacementTest.Placement PLACEMENT = CitusPlacementTest.readPlacement();

  @Inject AgroalDataSource dataSource;

  @Test
  void everyTenantTableKeysAndIndexesByTenantFirstAndNothingCrossesTenants() throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      SchemaCheck check = SchemaCheck.of(connection, SCHEMA, PLACEMENT.reference());
      assertTrue(check.tenantTables.containsAll(Set.of("tenants", "items", "users", "events")),
          "tenant tables found: " + check.tenantTables);
      assertTrue(check.violations.isEmpty(),
          "tables not distributable by " + TENANT_KEY + " (tenant tables: " + check.tenantTables + "):\n  "
              + String.join("\n  ", check.violations));
    }
  }

  @Test
  void everyTableWithoutATenantKeyIsClassifiedAsGlobalOnPurpose() throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      SchemaCheck check = SchemaCheck.of(connection, SCHEMA, PLACEMENT.reference());
      Set<String> unplaced = new TreeSet<>(check.globalTables);
      unplaced.removeAll(PLACEMENT.local());
      unplaced.removeAll(PLACEMENT.reference());
      assertEquals(Set.of(), unplaced,
          "tables without " + TENANT_KEY + " in schema " + SCHEMA + ": give a new table a tenant_id, or place it in "
              + "infra/citus/placement.sql as local or reference, with the reason it is global");
    }
  }

  /** The checker can fail: run it over a throwaway schema of deliberately bad tables, then roll back. */
  @Test
  void theCheckerReportsEachKindOfViolation() throws SQLException {
    String schema = "tenant_key_selfcheck_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try (Statement sql = connection.createStatement()) {
        sql.execute("CREATE SCHEMA " + schema);
        sql.execute("SET LOCAL search_path TO " + schema);
        // Fine: everything leads with tenant_id.
        sql.execute("CREATE TABLE good (tenant_id text, item_id text, at timestamptz, PRIMARY KEY (tenant_id, item_id))");
        sql.execute("CREATE INDEX good_by_time ON good (tenant_id, at) WHERE at IS NOT NULL");
        // An index on (item_id) only, a unique constraint in the wrong order, an expression index and
        // a partial index without tenant_id.
        sql.execute("CREATE TABLE bad_events (tenant_id text, event_id text, item_id text, kind text, "
            + "PRIMARY KEY (tenant_id, event_id), CONSTRAINT bad_events_wrong_order UNIQUE (event_id, tenant_id))");
        sql.execute("CREATE INDEX bad_events_by_item ON bad_events (item_id)");
        sql.execute("CREATE INDEX bad_events_by_lower_tenant ON bad_events (lower(tenant_id), item_id)");
        sql.execute("CREATE UNIQUE INDEX bad_events_partial ON bad_events (kind) WHERE kind = 'x'");
        // No primary key.
        sql.execute("CREATE TABLE no_pk (tenant_id text, x integer)");
        sql.execute("CREATE INDEX no_pk_by_tenant ON no_pk (tenant_id)");
        // A primary key without tenant_id first.
        sql.execute("CREATE TABLE wrong_pk (tenant_id text, id bigint, PRIMARY KEY (id, tenant_id))");
        // A global table and a foreign key to it from a tenant table.
        sql.execute("CREATE TABLE kinds (kind text PRIMARY KEY)");
        sql.execute("CREATE TABLE tagged (tenant_id text, item_id text, kind text REFERENCES kinds (kind), "
            + "PRIMARY KEY (tenant_id, item_id))");
        // Foreign keys crossing tenants: tenant_id at a different position, and tenant_id missing.
        sql.execute("CREATE TABLE crossing (tenant_id text, id text, other_tenant text, item_id text, "
            + "PRIMARY KEY (tenant_id, id), "
            + "CONSTRAINT crossing_swapped FOREIGN KEY (item_id, tenant_id) REFERENCES good (tenant_id, item_id), "
            + "CONSTRAINT crossing_other FOREIGN KEY (other_tenant, item_id) REFERENCES good (tenant_id, item_id))");
        // A global table referencing a tenant table.
        sql.execute("CREATE TABLE global_to_tenant (id integer PRIMARY KEY, tenant_id_ref text, item_id text, "
            + "CONSTRAINT global_to_tenant_fk FOREIGN KEY (tenant_id_ref, item_id) REFERENCES good (tenant_id, item_id))");
        sql.execute("RESET search_path");

        SchemaCheck check = SchemaCheck.of(connection, schema, Set.of());
        String report = String.join("\n", check.violations);
        assertEquals(Set.of("good", "bad_events", "no_pk", "wrong_pk", "tagged", "crossing"), check.tenantTables, report);
        assertEquals(Set.of("kinds", "global_to_tenant"), check.globalTables, report);
        for (String expected : List.of(
            "index bad_events_by_item on bad_events (item_id)",
            "unique constraint bad_events_wrong_order on bad_events (event_id, tenant_id)",
            "index bad_events_by_lower_tenant on bad_events (lower(tenant_id), item_id)",
            "unique index bad_events_partial on bad_events (kind)",
            "no_pk has no primary key",
            "primary key wrong_pk_pkey on wrong_pk (id, tenant_id)",
            "foreign key tagged_kind_fkey: tagged (kind) references the non-tenant table " + schema + ".kinds (kind)",
            "foreign key crossing_swapped: crossing (item_id, tenant_id) -> " + schema + ".good (tenant_id, item_id)",
            "foreign key crossing_other: crossing (other_tenant, item_id) -> " + schema + ".good (tenant_id, item_id)",
            "foreign key global_to_tenant_fk: the non-tenant table global_to_tenant references the tenant table")) {
          assertTrue(check.violations.stream().anyMatch(v -> v.contains(expected)), "expected a violation containing\n  "
              + expected + "\ngot:\n  " + String.join("\n  ", check.violations));
        }
        assertFalse(check.violations.stream().anyMatch(v -> v.contains("on good (") || v.contains("good_by_time")), report);
        assertFalse(report.contains("no_pk_by_tenant"), report);
        assertEquals(10, check.violations.size(), report);

        // Listing kinds as a reference table allows the foreign key to it, and nothing else.
        SchemaCheck allowed = SchemaCheck.of(connection, schema, Set.of("kinds"));
        assertEquals(9, allowed.violations.size(), String.join("\n", allowed.violations));
        assertFalse(allowed.violations.stream().anyMatch(v -> v.contains("tagged_kind_fkey")));
      } finally {
        connection.rollback();
        connection.setAutoCommit(autoCommit);
      }
      try (PreparedStatement gone = connection.prepareStatement("SELECT count(*) FROM pg_namespace WHERE nspname = ?")) {
        gone.setString(1, schema);
        try (ResultSet row = gone.executeQuery()) {
          row.next();
          assertEquals(0, row.getInt(1), "the throwaway schema was rolled back");
        }
      }
    }
  }

  @Test
  void theTenantDirectoryIsATenantTableKeyedByTenantId() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement("""
            SELECT string_agg(a.attname::text, ', ' ORDER BY k.ord)
              FROM pg_constraint c
              CROSS JOIN unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
              JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
             WHERE c.conrelid = 'public.tenants'::regclass AND c.contype = 'p'""");
        ResultSet row = query.executeQuery()) {
      if (!row.next()) {
        fail("tenants has no primary key");
      }
      assertEquals(TENANT_KEY, row.getString(1), "the tenant directory's primary key");
    }
  }

  /** The result of checking one schema: its tenant and global tables, and every violation found. */
  static final class SchemaCheck {

    final Set<String> tenantTables = new TreeSet<>();
    final Set<String> globalTables = new TreeSet<>();
    final List<String> violations = new ArrayList<>();

    static SchemaCheck of(Connection connection, String schema, Set<String> referenceTables) throws SQLException {
      SchemaCheck check = new SchemaCheck();
      Map<String, TableInfo> tables = check.tables(connection, schema);
      check.indexes(connection, schema, tables);
      check.foreignKeys(connection, schema, referenceTables);
      return check;
    }

    private record TableInfo(String name, Integer tenantAttnum, boolean hasPrimaryKey) {}

    /** Ordinary and partitioned tables (partitions included) with their tenant_id column, if any. */
    private Map<String, TableInfo> tables(Connection connection, String schema) throws SQLException {
      Map<String, TableInfo> tables = new TreeMap<>();
      try (PreparedStatement query = connection.prepareStatement("""
          SELECT c.relname,
                 a.attnum,
                 EXISTS (SELECT 1 FROM pg_constraint p WHERE p.conrelid = c.oid AND p.contype = 'p') AS has_pk
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = ? AND a.attnum > 0 AND NOT a.attisdropped
           WHERE n.nspname = ? AND c.relkind IN ('r', 'p')
           ORDER BY c.relname""")) {
        query.setString(1, TENANT_KEY);
        query.setString(2, schema);
        try (ResultSet row = query.executeQuery()) {
          while (row.next()) {
            int attnum = row.getInt(2);
            Integer tenantAttnum = row.wasNull() ? null : attnum;
            TableInfo table = new TableInfo(row.getString(1), tenantAttnum, row.getBoolean(3));
            tables.put(table.name(), table);
            if (tenantAttnum == null) {
              globalTables.add(table.name());
            } else {
              tenantTables.add(table.name());
              if (!table.hasPrimaryKey()) {
                violations.add("tenant table " + table.name() + " has no primary key");
              }
            }
          }
        }
      }
      return tables;
    }

    /**
     * Every index of a tenant table: those behind primary key, unique and exclusion constraints (named
     * by their constraint) and all others, unique or not, partial or with expressions.
     */
    private void indexes(Connection connection, String schema, Map<String, TableInfo> tables) throws SQLException {
      try (PreparedStatement query = connection.prepareStatement("""
          SELECT t.relname,
                 i.relname,
                 con.conname,
                 con.contype,
                 x.indisunique,
                 pg_get_expr(x.indpred, x.indrelid, true) AS predicate,
                 x.indkey[0] AS first_attnum,
                 (SELECT string_agg(pg_get_indexdef(x.indexrelid, k, true), ', ' ORDER BY k)
                    FROM generate_series(1, x.indnkeyatts) AS k) AS key_columns
            FROM pg_index x
            JOIN pg_class t ON t.oid = x.indrelid
            JOIN pg_class i ON i.oid = x.indexrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            LEFT JOIN pg_constraint con ON con.conindid = x.indexrelid AND con.conrelid = x.indrelid
                                       AND con.contype IN ('p', 'u', 'x')
           WHERE n.nspname = ? AND t.relkind IN ('r', 'p')
           ORDER BY t.relname, i.relname""")) {
        query.setString(1, schema);
        try (ResultSet row = query.executeQuery()) {
          while (row.next()) {
            TableInfo table = tables.get(row.getString(1));
            if (table == null || table.tenantAttnum() == null) {
              continue;
            }
            if (row.getInt(7) == table.tenantAttnum()) {
              continue;
            }
            String constraint = row.getString(3);
            String what;
            if (constraint != null) {
              what = switch (row.getString(4)) {
                case "p" -> "primary key";
                case "u" -> "unique constraint";
                default -> "exclusion constraint";
              } + " " + constraint;
            } else {
              what = (row.getBoolean(5) ? "unique " : "") + "index " + row.getString(2);
            }
            String predicate = row.getString(6) == null ? "" : " WHERE " + row.getString(6);
            violations.add(what + " on " + table.name() + " (" + row.getString(8) + ")" + predicate
                + " does not lead with " + TENANT_KEY);
          }
        }
      }
    }

    /** Every foreign key with a side in this schema. */
    private void foreignKeys(Connection connection, String schema, Set<String> referenceTables) throws SQLException {
      try (PreparedStatement query = connection.prepareStatement("""
          SELECT c.conname,
                 sn.nspname, s.relname,
                 dn.nspname, d.relname,
                 ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
                         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.ord),
                 ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, ord)
                         JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.ord),
                 EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.conrelid AND a.attname = ?
                                                        AND a.attnum > 0 AND NOT a.attisdropped),
                 EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.confrelid AND a.attname = ?
                                                        AND a.attnum > 0 AND NOT a.attisdropped)
            FROM pg_constraint c
            JOIN pg_class s ON s.oid = c.conrelid
            JOIN pg_namespace sn ON sn.oid = s.relnamespace
            JOIN pg_class d ON d.oid = c.confrelid
            JOIN pg_namespace dn ON dn.oid = d.relnamespace
           WHERE c.contype = 'f' AND (sn.nspname = ? OR dn.nspname = ?)
           ORDER BY s.relname, c.conname""")) {
        query.setString(1, TENANT_KEY);
        query.setString(2, TENANT_KEY);
        query.setString(3, schema);
        query.setString(4, schema);
        try (ResultSet row = query.executeQuery()) {
          while (row.next()) {
            String name = row.getString(1);
            String from = row.getString(3);
            String to = row.getString(4) + "." + row.getString(5);
            List<String> fromColumns = strings(row.getArray(6));
            List<String> toColumns = strings(row.getArray(7));
            boolean fromTenant = row.getBoolean(8);
            boolean toTenant = row.getBoolean(9);
            String fromSide = from + " (" + String.join(", ", fromColumns) + ")";
            String toSide = to + " (" + String.join(", ", toColumns) + ")";
            if (fromTenant && !toTenant) {
              boolean listed = row.getString(4).equals(schema) && referenceTables.contains(row.getString(5));
              if (!listed) {
                violations.add("foreign key " + name + ": " + fromSide + " references the non-tenant table " + toSide
                    + ", which is not listed as a reference table");
              }
            } else if (!fromTenant && toTenant) {
              violations.add("foreign key " + name + ": the non-tenant table " + from + " references the tenant table "
                  + toSide + " (a global table cannot point into one tenant's shard)");
            } else if (fromTenant) {
              int fromPosition = fromColumns.indexOf(TENANT_KEY);
              int toPosition = toColumns.indexOf(TENANT_KEY);
              if (fromPosition < 0 || fromPosition != toPosition) {
                violations.add("foreign key " + name + ": " + fromSide + " -> " + toSide
                    + " can cross tenants: " + TENANT_KEY + " must be on both sides at the same position");
              }
            }
          }
        }
      }
    }

    private static List<String> strings(Array array) throws SQLException {
      return Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
    }
  }
}
