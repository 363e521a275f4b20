package io.warmstart.platform.operations;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deliberately small lint (regular expressions over statements, not a SQL parser) for the SQL that
 * would break, or silently get expensive, once tenant tables are sharded with Citus (docs/scaling.md).
 * It reads statements as text: it catches the common shapes, not every way of writing SQL, and a
 * statement it cannot see (Hibernate's generated SQL) it does not check.
 */
final class SqlLint {

  enum Rule {
    /** A statement on a tenant table that does not pin one tenant: Citus fans it out to every shard. */
    TENANT_FILTER,
    /** {@code CREATE INDEX} without {@code CONCURRENTLY} on a big table: it blocks writes while it builds. */
    INDEX_NOT_CONCURRENT,
    /** A dropped or renamed column: the previous release, still running during a rollout, breaks. */
    COLUMN_DROPPED_OR_RENAMED,
    /** {@code FOR UPDATE}/{@code FOR SHARE} on a tenant table: Citus refuses it across shards. */
    ROW_LOCK_ON_TENANT_TABLE,
    /** A session-level setting of the role or of warmstart.*: Citus forwards only {@code SET LOCAL}. */
    SESSION_SETTING
  }

  record Finding(String source, Rule rule, String statement) {
    @Override
    public String toString() {
      return source + ": " + rule + ": " + oneLine(statement);
    }
  }

  private static final int FLAGS = Pattern.CASE_INSENSITIVE;
  private static final Pattern DML = Pattern.compile("^\\s*(SELECT|INSERT|UPDATE|DELETE|WITH|MERGE|COPY)\\b", FLAGS);
  private static final Pattern SELECTING = Pattern.compile("^\\s*(SELECT|WITH)\\b", FLAGS);
  private static final Pattern TABLE_REFERENCE =
      Pattern.compile("\\b(?:FROM|JOIN|UPDATE|INTO|COPY|USING)\\s+(?:ONLY\\s+)?\"?(\\w+)\"?", FLAGS);
  /** {@code tenant_id} bound to one value: a parameter, a literal or the confined request's setting. */
  private static final Pattern TENANT_PREDICATE =
      Pattern.compile("\\btenant_id\\s*=\\s*(\\?|\\$\\d+|:\\w+|'[^']*'|current_setting\\b)", FLAGS);
  private static final Pattern ROW_LOCK = Pattern.compile("\\bFOR\\s+(NO\\s+KEY\\s+)?(UPDATE|SHARE|KEY\\s+SHARE)\\b", FLAGS);
  private static final Pattern CREATE_INDEX = Pattern.compile(
      "\\bCREATE\\s+(?:UNIQUE\\s+)?INDEX\\s+(CONCURRENTLY\\s+)?(?:IF\\s+NOT\\s+EXISTS\\s+)?(?:\\w+\\s+)?ON\\s+(?:ONLY\\s+)?\"?(\\w+)\"?", FLAGS);
  private static final Pattern CREATE_TABLE =
      Pattern.compile("\\bCREATE\\s+(?:UNLOGGED\\s+)?TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?\"?(\\w+)\"?\\s*\\(", FLAGS);
  private static final Pattern COLUMN_CHANGE = Pattern.compile(
      "\\bALTER\\s+TABLE\\b.*?\\b(DROP\\s+COLUMN|RENAME\\s+COLUMN|RENAME\\s+(?!TO\\b|CONSTRAINT\\b)\\w+\\s+TO)\\b", FLAGS | Pattern.DOTALL);
  /** set_config(name, value, false), one level of nested parentheses in the arguments. */
  private static final Pattern SESSION_SET_CONFIG =
      Pattern.compile("\\bset_config\\s*\\((?:[^()]|\\([^()]*\\))*?,\\s*false\\s*\\)", FLAGS);
  private static final Pattern SESSION_SET =
      Pattern.compile("^\\s*(?:SET\\s+(?:SESSION\\s+)?|RESET\\s+)(?:ROLE\\b|\"?warmstart\\.)", FLAGS);

  private final Set<String> tenantTables;
  private final Set<String> bigTables;

  /**
   * @param tenantTables tables with a {@code tenant_id} column ({@link #tenantTablesOf})
   * @param bigTables tables large enough that a blocking index build is an outage
   */
  SqlLint(Set<String> tenantTables, Set<String> bigTables) {
    this.tenantTables = Set.copyOf(tenantTables);
    this.bigTables = Set.copyOf(bigTables);
  }

  /** The tables that the given migrations create with a {@code tenant_id} column. */
  static Set<String> tenantTablesOf(List<String> migrations) {
    Set<String> tables = new LinkedHashSet<>();
    for (String migration : migrations) {
      for (String statement : statements(migration)) {
        Matcher table = CREATE_TABLE.matcher(statement);
        if (table.find() && Pattern.compile("\\btenant_id\\b", FLAGS).matcher(statement.substring(table.end())).find()) {
          tables.add(table.group(1).toLowerCase(Locale.ROOT));
        }
      }
    }
    return tables;
  }

  /**
   * Checks one Flyway migration. A grandfathered migration (already applied everywhere, so changing
   * it would break Flyway's checksums) is exempt from the index rule only.
   */
  List<Finding> checkMigration(String source, String sql, boolean grandfathered) {
    List<Finding> findings = new ArrayList<>();
    List<String> statements = statements(sql);
    Set<String> createdHere = new LinkedHashSet<>();
    for (String statement : statements) {
      Matcher table = CREATE_TABLE.matcher(statement);
      if (table.find()) {
        createdHere.add(table.group(1).toLowerCase(Locale.ROOT));
      }
    }
    for (String statement : statements) {
      Matcher index = CREATE_INDEX.matcher(statement);
      while (index.find()) {
        String table = index.group(2).toLowerCase(Locale.ROOT);
        // An index on a table this migration creates is built while the table is still empty.
        if (index.group(1) == null && bigTables.contains(table) && !createdHere.contains(table) && !grandfathered) {
          findings.add(new Finding(source, Rule.INDEX_NOT_CONCURRENT, statement));
        }
      }
      findings.addAll(checkStatement(source, statement));
    }
    return findings;
  }

  /** Checks SQL that the code sends; it may hold several statements. */
  List<Finding> checkCode(String source, String sql) {
    List<Finding> findings = new ArrayList<>();
    for (String statement : statements(sql)) {
      findings.addAll(checkStatement(source, statement));
    }
    return findings;
  }

  private List<Finding> checkStatement(String source, String statement) {
    List<Finding> findings = new ArrayList<>();
    if (COLUMN_CHANGE.matcher(statement).find()) {
      findings.add(new Finding(source, Rule.COLUMN_DROPPED_OR_RENAMED, statement));
    }
    if (SESSION_SET_CONFIG.matcher(statement).find() || SESSION_SET.matcher(statement).find()) {
      findings.add(new Finding(source, Rule.SESSION_SETTING, statement));
    }
    if (!DML.matcher(statement).find()) {
      return findings;
    }
    Set<String> touched = tenantTablesIn(statement);
    if (touched.isEmpty()) {
      return findings;
    }
    if (!TENANT_PREDICATE.matcher(statement).find() && !onlyInsertsWithTenantColumn(statement, touched)) {
      findings.add(new Finding(source, Rule.TENANT_FILTER, statement));
    }
    if (SELECTING.matcher(statement).find() && ROW_LOCK.matcher(statement).find()) {
      findings.add(new Finding(source, Rule.ROW_LOCK_ON_TENANT_TABLE, statement));
    }
    return findings;
  }

  private Set<String> tenantTablesIn(String statement) {
    Set<String> touched = new LinkedHashSet<>();
    Matcher reference = TABLE_REFERENCE.matcher(statement);
    while (reference.find()) {
      String table = reference.group(1).toLowerCase(Locale.ROOT);
      if (tenantTables.contains(table)) {
        touched.add(table);
      }
    }
    return touched;
  }

  /**
   * An {@code INSERT INTO t (tenant_id, ...) VALUES/SELECT} or {@code COPY t (tenant_id, ...)} that
   * reads no tenant table writes rows of the tenants it names, each routed to its shard: it needs no
   * filter.
   */
  private boolean onlyInsertsWithTenantColumn(String statement, Set<String> touched) {
    Matcher insert = Pattern.compile("^\\s*(?:INSERT\\s+INTO|COPY)\\s+\"?(\\w+)\"?\\s*\\(([^)]*)\\)", FLAGS).matcher(statement);
    if (!insert.find() || !Pattern.compile("\\btenant_id\\b", FLAGS).matcher(insert.group(2)).find()) {
      return false;
    }
    String target = insert.group(1).toLowerCase(Locale.ROOT);
    return touched.equals(Set.of(target)) && !TABLE_REFERENCE.matcher(statement.substring(insert.end())).results()
        .anyMatch(reference -> tenantTables.contains(reference.group(1).toLowerCase(Locale.ROOT)));
  }

  /**
   * Splits SQL into statements at semicolons outside quotes, dollar quotes and comments, and drops
   * the comments (so that a comment never triggers, nor satisfies, a rule).
   */
  static List<String> statements(String sql) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int i = 0;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (c == '-' && sql.startsWith("--", i)) {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? sql.length() : end;
      } else if (c == '/' && sql.startsWith("/*", i)) {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? sql.length() : end + 2;
        current.append(' ');
      } else if (c == '\'' || c == '"') {
        int end = i + 1;
        while (end < sql.length() && sql.charAt(end) != c) {
          end++;
        }
        current.append(sql, i, Math.min(end + 1, sql.length()));
        i = end + 1;
      } else if (c == '$' && dollarTag(sql, i) != null) {
        String tag = dollarTag(sql, i);
        int end = sql.indexOf(tag, i + tag.length());
        end = end < 0 ? sql.length() : end + tag.length();
        current.append(sql, i, end);
        i = end;
      } else if (c == ';') {
        addStatement(statements, current);
        i++;
      } else {
        current.append(c);
        i++;
      }
    }
    addStatement(statements, current);
    return statements;
  }

  private static String dollarTag(String sql, int at) {
    Matcher tag = Pattern.compile("\\$[A-Za-z_]*\\$").matcher(sql).region(at, sql.length());
    return tag.lookingAt() ? tag.group() : null;
  }

  private static void addStatement(List<String> statements, StringBuilder current) {
    String statement = current.toString().strip();
    if (!statement.isEmpty()) {
      statements.add(statement);
    }
    current.setLength(0);
  }

  /** The statement on one line, shortened for messages. */
  static String oneLine(String statement) {
    String line = normalised(statement);
    return line.length() > 160 ? line.substring(0, 157) + "..." : line;
  }

  /** The statement on one line, whole (what allow-list entries are matched against). */
  static String normalised(String statement) {
    return statement.replaceAll("\\s+", " ").strip();
  }
}
