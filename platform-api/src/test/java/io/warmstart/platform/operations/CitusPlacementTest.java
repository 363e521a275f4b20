package io.warmstart.platform.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every table of the migrated schema is placed on purpose for Citus, in one file,
 * infra/citus/placement.sql: distributed by tenant, reference, or local to the coordinator.
 */
@QuarkusTest
class CitusPlacementTest {

  private static final Path PLACEMENT = Path.of("../infra/citus/placement.sql");
  private static final Pattern DISTRIBUTED = Pattern.compile(
      "create_distributed_table\\('(\\w+)',\\s*'(\\w+)'(?:,\\s*colocate_with\\s*=>\\s*'(\\w+)')?\\)");
  private static final Pattern REFERENCE = Pattern.compile("create_reference_table\\('(\\w+)'\\)");
  private static final Pattern LOCAL = Pattern.compile("(?m)^-- local: (\\w+): \\S");

  @Inject AgroalDataSource dataSource;

  record Placement(Map<String, String> distributedColocatedWith, Set<String> reference, Set<String> local, List<String> listingProblems) {
    String kindOf(String table) {
      return distributedColocatedWith.containsKey(table) ? "distributed" : reference.contains(table) ? "reference" : local.contains(table) ? "local" : null;
    }
  }

  @Test
  void everyTableIsPlacedOnceAndJobsStaysOnTheCoordinator() throws IOException, SQLException {
    Placement placement = readPlacement();
    Set<String> tables = new TreeSet<>();
    Set<String> tenantKeyed = new TreeSet<>();
    try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
      try (ResultSet rows = sql.executeQuery("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
          + "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition")) {
        while (rows.next()) {
          tables.add(rows.getString(1));
        }
      }
      try (ResultSet rows = sql.executeQuery(
          "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'tenant_id'")) {
        while (rows.next()) {
          tenantKeyed.add(rows.getString(1));
        }
      }
    }
    assertTrue(tables.containsAll(Set.of("tenants", "events", "jobs")), "tables found: " + tables);
    assertEquals(List.of(), problems(tables, tenantKeyed, placement), "placement of the schema's tables in " + PLACEMENT);
    // The claim's multi-shard FOR UPDATE SKIP LOCKED works only on a local table (docs/scaling.md).
    assertEquals("local", placement.kindOf("jobs"));
  }

  @Test
  void anUnplacedOrMisplacedTableFails() {
    Placement placement = parse("""
        SELECT create_distributed_table('tenants', 'tenant_id');
        SELECT create_distributed_table('events', 'user_id', colocate_with => 'tenants');
        SELECT create_distributed_table('meta_inits', 'tenant_id', colocate_with => 'tenants');
        -- local: jobs: why
        -- local: jobs: why again
        -- local: gone: dropped long ago
        """);
    List<String> problems = problems(Set.of("tenants", "events", "jobs", "meta_inits", "experiments"),
        Set.of("tenants", "events", "jobs", "experiments"), placement);
    assertEquals(List.of(
        "experiments is not placed", "gone is placed but does not exist", "jobs is placed more than once",
        "events is distributed by user_id, not tenant_id", "meta_inits is distributed but has no tenant_id"), problems);
  }

  static Placement readPlacement() {
    try {
      return parse(Files.readString(PLACEMENT));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static Placement parse(String sql) {
    Map<String, String> distributed = new TreeMap<>();
    Set<String> reference = new TreeSet<>();
    Set<String> local = new TreeSet<>();
    List<String> listingProblems = new ArrayList<>();
    Map<String, String> distributedBy = new TreeMap<>();
    Matcher d = DISTRIBUTED.matcher(sql);
    while (d.find()) {
      addOnce(d.group(1), distributed.keySet(), reference, local, listingProblems);
      distributed.put(d.group(1), d.group(3) == null ? d.group(1) : d.group(3));
      distributedBy.put(d.group(1), d.group(2));
    }
    Matcher r = REFERENCE.matcher(sql);
    while (r.find()) {
      if (!addOnce(r.group(1), distributed.keySet(), reference, local, listingProblems)) {
        continue;
      }
      reference.add(r.group(1));
    }
    Matcher l = LOCAL.matcher(sql);
    while (l.find()) {
      if (addOnce(l.group(1), distributed.keySet(), reference, local, listingProblems)) {
        local.add(l.group(1));
      }
    }
    distributedBy.forEach((table, column) -> {
      if (!"tenant_id".equals(column)) {
        listingProblems.add(table + " is distributed by " + column + ", not tenant_id");
      }
    });
    return new Placement(distributed, reference, local, listingProblems);
  }

  private static boolean addOnce(String table, Set<String> distributed, Set<String> reference, Set<String> local, List<String> problems) {
    if (distributed.contains(table) || reference.contains(table) || local.contains(table)) {
      problems.add(table + " is placed more than once");
      return false;
    }
    return true;
  }

  static List<String> problems(Set<String> tables, Set<String> tenantKeyed, Placement placement) {
    List<String> problems = new ArrayList<>();
    Set<String> placed = new TreeSet<>(placement.distributedColocatedWith().keySet());
    placed.addAll(placement.reference());
    placed.addAll(placement.local());
    new TreeSet<>(tables).stream().filter(t -> !placed.contains(t)).forEach(t -> problems.add(t + " is not placed"));
    placed.stream().filter(t -> !tables.contains(t)).forEach(t -> problems.add(t + " is placed but does not exist"));
    problems.addAll(placement.listingProblems());
    placement.distributedColocatedWith().forEach((table, group) -> {
      if (tables.contains(table) && !tenantKeyed.contains(table)) {
        problems.add(table + " is distributed but has no tenant_id");
      }
      if (!"tenants".equals(group)) {
        problems.add(table + " is not colocated with tenants");
      }
    });
    return problems;
  }
}
