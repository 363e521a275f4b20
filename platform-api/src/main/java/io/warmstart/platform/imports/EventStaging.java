package io.warmstart.platform.imports;

import io.warmstart.platform.ingest.EventWriter;
import io.warmstart.platform.ingest.OptimisticInsert;
import io.warmstart.platform.ingest.ValidEvent;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashSet;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.jdbc.PgConnection;

/**
 * Writes an import's events in chunks. The caller's thread parses and encodes the next chunk while
 * a second thread has PostgreSQL write the previous one, so parsing and writing overlap. At most two
 * chunks exist at a time, so memory is bounded whatever the size of the file.
 *
 * <p>Each chunk is first {@code COPY}ed straight into {@code events}, the cheapest way PostgreSQL
 * has to take rows. That is right as long as no row exists yet, which is the common case (a
 * tenant's first import, new events); a chunk holding an event id that is already stored (a
 * re-imported file, an id repeated in the file, an event also sent through the API) fails that
 * {@code COPY} on the primary key, is rolled back to a savepoint and goes the staged way: {@code
 * COPY} into a temporary table, then a set-based insert that skips the ids already stored. Once a
 * chunk has met a duplicate, the rest of the file is staged too: a file that repeats old events
 * usually repeats many.
 *
 * <p>The merging thread works on the pool's underlying PostgreSQL connection: it is the same
 * database transaction (the pool ties its wrapper to the request thread, which takes no part while
 * a merge runs), and the hand-over through {@link Future#get()} orders every use of it, so commit
 * or rollback always happen after the last merge.
 */
final class EventStaging implements AutoCloseable {

  /** Rows staged and rows that were new to {@code events}. */
  record Totals(long staged, long inserted) {}

  /** The columns of a chunk, in order: the staging table and {@code events} take the same rows. */
  private static final String COLUMNS =
      "tenant_id, event_id, user_id, item_id, type, value, occurred_at, timestamp_given, recommendation_id";

  private static final String CREATE =
      "CREATE TEMP TABLE IF NOT EXISTS import_events (tenant_id text, event_id text, user_id text, item_id text, type text, "
          + "value float8, occurred_at timestamptz, timestamp_given bool, recommendation_id text) ON COMMIT DROP";

  private static final String COPY_INTO_EVENTS = "COPY events (" + COLUMNS + ") FROM STDIN";

  private static final String MERGE_EVENTS =
      """
      INSERT INTO events (tenant_id, event_id, user_id, item_id, type, value, occurred_at, timestamp_given, recommendation_id)
      SELECT ?, event_id, user_id, item_id, type, value, occurred_at, timestamp_given, recommendation_id
      FROM import_events
      """;

  private static final String IGNORE_EXISTING = " ON CONFLICT (tenant_id, event_id) DO NOTHING";

  private static final String UNIQUE_VIOLATION = "23505";

  private final PgConnection connection;
  private final CopyManager copy;
  private final String tenantId;
  /** The tenant id as a chunk's first field, escaped once. */
  private final String tenantField;
  /**
   * The role row-level security confines this connection to, or null when it is not confined
   * (see {@code TenantRowSecurity}). PostgreSQL refuses {@code COPY FROM} into a table under
   * row-level security, so the direct copy runs as the platform's own role; the tenant column of
   * every row it copies is written here from the request's tenant, never taken from the file.
   */
  private final String confinedRole;
  /** Whether chunks still go straight into {@code events}; read and written by the merging thread only. */
  private boolean direct = true;
  private final TimestampText timestamps = new TimestampText();
  private final int chunkRows;
  private final ExecutorService merger;
  private StringBuilder chunk = new StringBuilder(1 << 20);
  // The chunk's distinct keys, collected while parsing: cheaper here than a DISTINCT pass in PostgreSQL.
  private Set<String> chunkUsers = new HashSet<>();
  private Set<String> chunkItems = new HashSet<>();
  /**
   * Users and items an earlier chunk of this import already made sure of: in the same transaction,
   * so they exist. Without this, every chunk upserted all of its users again (most of a big file's
   * users appear in every chunk), which cost PostgreSQL more than the events. Bounded: past
   * {@link #MAX_REMEMBERED_KEYS}, later keys are simply upserted again.
   */
  private final Set<String> ensuredUsers = new HashSet<>();
  private final Set<String> ensuredItems = new HashSet<>();
  private static final int MAX_REMEMBERED_KEYS = 2_000_000;
  private int rowsInChunk;
  private long staged;
  private long inserted;
  private Future<Integer> merging;

  private EventStaging(Connection connection, String tenantId, int chunkRows, ExecutorService merger, String confinedRole)
      throws SQLException {
    this.connection = connection.unwrap(PgConnection.class);
    this.copy = this.connection.getCopyAPI();
    this.tenantId = tenantId;
    this.chunkRows = chunkRows;
    this.merger = merger;
    this.confinedRole = confinedRole;
    this.tenantField = appendField(new StringBuilder(), tenantId).append('\t').toString();
  }

  static EventStaging open(Connection connection, String tenantId, int chunkRows, ExecutorService merger) throws SQLException {
    String role;
    try (Statement statement = connection.createStatement()) {
      statement.execute(CREATE);
      statement.execute("TRUNCATE import_events");
      try (var current = statement.executeQuery("SELECT current_setting('role')")) {
        current.next();
        role = current.getString(1);
      }
    }
    return new EventStaging(connection, tenantId, chunkRows, merger, "none".equals(role) ? null : role);
  }

  void add(ValidEvent event) throws SQLException {
    chunk.append(tenantField);
    appendField(event.eventId()).append('\t');
    appendField(event.userId()).append('\t');
    appendField(event.itemId()).append('\t');
    appendField(event.type()).append('\t');
    chunk.append(event.value() == null ? "\\N" : Double.toString(event.value())).append('\t');
    timestamps.append(chunk, event.occurredAtMicros()).append('\t');
    chunk.append(event.timestampGiven() ? 't' : 'f').append('\t');
    appendField(event.recommendationId()).append('\n');
    if (!ensuredUsers.contains(event.userId())) {
      chunkUsers.add(event.userId());
    }
    if (!ensuredItems.contains(event.itemId())) {
      chunkItems.add(event.itemId());
    }
    staged++;
    if (++rowsInChunk == chunkRows) {
      handOver();
    }
  }

  Totals finish() throws SQLException {
    handOver();
    awaitMerge();
    return new Totals(staged, inserted);
  }

  /** Waits for the previous chunk's merge, then starts merging this one in the background. */
  private void handOver() throws SQLException {
    awaitMerge();
    if (rowsInChunk == 0) {
      return;
    }
    byte[] rows = chunk.toString().getBytes(StandardCharsets.UTF_8);
    String[] users = sorted(chunkUsers);
    String[] items = sorted(chunkItems);
    remember(ensuredUsers, chunkUsers);
    remember(ensuredItems, chunkItems);
    chunk = new StringBuilder(chunk.capacity());
    chunkUsers = new HashSet<>();
    chunkItems = new HashSet<>();
    rowsInChunk = 0;
    merging = merger.submit(() -> copyAndMerge(rows, users, items));
  }

  private void awaitMerge() throws SQLException {
    if (merging == null) {
      return;
    }
    try {
      inserted += merging.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("import interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof SQLException sql) {
        throw sql;
      }
      throw new SQLException("merge failed", e.getCause());
    } finally {
      merging = null;
    }
  }

  private static void remember(Set<String> ensured, Set<String> keys) {
    if (ensured.size() + keys.size() <= MAX_REMEMBERED_KEYS) {
      ensured.addAll(keys);
    }
  }

  private static String[] sorted(Set<String> keys) {
    String[] array = keys.toArray(String[]::new);
    Arrays.sort(array);
    return array;
  }

  private int copyAndMerge(byte[] rows, String[] users, String[] items) throws SQLException {
    EventWriter.ensureKeys(connection, tenantId, users, items);
    if (direct) {
      OptionalInt copied = copyStraightIntoEvents(rows);
      if (copied.isPresent()) {
        return copied.getAsInt();
      }
      direct = false;
    }
    copyIn("COPY import_events FROM STDIN", rows);
    int newEvents = OptimisticInsert.insert(connection, ignoreExisting -> merge(ignoreExisting ? MERGE_EVENTS + IGNORE_EXISTING : MERGE_EVENTS));
    try (Statement statement = connection.createStatement()) {
      statement.execute("TRUNCATE import_events");
    }
    return newEvents;
  }

  /** The number of rows copied, or empty when one of them was stored already (and nothing was copied). */
  private OptionalInt copyStraightIntoEvents(byte[] rows) throws SQLException {
    try (Statement control = connection.createStatement()) {
      control.execute("SAVEPOINT direct_copy");
      try {
        if (confinedRole != null) {
          control.execute("SET LOCAL ROLE NONE");
        }
        long copied = copyIn(COPY_INTO_EVENTS, rows);
        if (confinedRole != null) {
          control.execute("SET LOCAL ROLE \"" + confinedRole.replace("\"", "\"\"") + "\"");
        }
        control.execute("RELEASE SAVEPOINT direct_copy");
        return OptionalInt.of(Math.toIntExact(copied));
      } catch (SQLException e) {
        if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
          throw e;
        }
        // Undoes the rows and the role change alike.
        control.execute("ROLLBACK TO SAVEPOINT direct_copy");
        control.execute("RELEASE SAVEPOINT direct_copy");
        return OptionalInt.empty();
      }
    }
  }

  private long copyIn(String sql, byte[] rows) throws SQLException {
    CopyIn copyIn = copy.copyIn(sql);
    try {
      copyIn.writeToCopy(rows, 0, rows.length);
      return copyIn.endCopy();
    } finally {
      if (copyIn.isActive()) {
        copyIn.cancelCopy();
      }
    }
  }

  private int merge(String sql) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, tenantId);
      return statement.executeUpdate();
    }
  }

  /** COPY text format: backslash, tab, newline and carriage return are escaped; null is \N. */
  private StringBuilder appendField(String value) {
    return appendField(chunk, value);
  }

  private static StringBuilder appendField(StringBuilder chunk, String value) {
    if (value == null) {
      return chunk.append("\\N");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> chunk.append("\\\\");
        case '\t' -> chunk.append("\\t");
        case '\n' -> chunk.append("\\n");
        case '\r' -> chunk.append("\\r");
        default -> chunk.append(c);
      }
    }
    return chunk;
  }

  /** Never leaves a merge running on the connection after the import ends, even on failure. */
  @Override
  public void close() {
    if (merging != null) {
      merging.cancel(false);
      try {
        merging.get();
      } catch (Exception ignored) {
        // the import is failing already; its own exception is the one to report
      }
    }
  }
}
