package io.warmstart.platform.ingest;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Inserts rows that are almost always new. A plain INSERT costs PostgreSQL about a quarter less than
 * {@code ON CONFLICT DO NOTHING} (no speculative insertion), so it is tried first inside a
 * savepoint; if any row already exists (a retried batch, a concurrent writer) the savepoint is
 * rolled back and the idempotent statement runs instead. The outcome is the same either way.
 */
public final class OptimisticInsert {

  private static final String UNIQUE_VIOLATION = "23505";

  /** One of the two statements, bound and ready to run. */
  @FunctionalInterface
  public interface Statement {
    int execute(boolean ignoreExisting) throws SQLException;
  }

  private OptimisticInsert() {}

  public static int insert(Connection connection, Statement statement) throws SQLException {
    // SQL savepoints rather than the JDBC API: the pool refuses rollback() on a connection enlisted in JTA.
    try (java.sql.Statement control = connection.createStatement()) {
      control.execute("SAVEPOINT optimistic_insert");
      try {
        int inserted = statement.execute(false);
        control.execute("RELEASE SAVEPOINT optimistic_insert");
        return inserted;
      } catch (SQLException e) {
        if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
          throw e;
        }
        control.execute("ROLLBACK TO SAVEPOINT optimistic_insert");
        control.execute("RELEASE SAVEPOINT optimistic_insert");
        return statement.execute(true);
      }
    }
  }
}
