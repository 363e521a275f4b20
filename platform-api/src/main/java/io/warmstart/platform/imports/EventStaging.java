package io.warmstart.platform.imports;

import io.warmstart.platform.ingest.ValidEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.jdbc.PgConnection;

/**
 * A temporary table fed by {@code COPY ... FROM STDIN} and merged into the tenant's tables every
 * {@code chunkRows} rows, so neither memory nor temporary disk grows with the size of the file.
 */
final class EventStaging implements AutoCloseable {

  /** Rows staged and rows that were new to {@code events}. */
  record Totals(long staged, long inserted) {}

  private static final String CREATE =
      "CREATE TEMP TABLE IF NOT EXISTS import_events (event_id text, user_id text, item_id text, type text, "
          + "value float8, ts int8, given bool, rec text) ON COMMIT DROP";

  private static final String MERGE_USERS =
      "INSERT INTO users (tenant_id, user_id) SELECT DISTINCT ?, user_id FROM import_events ORDER BY 2 "
          + "ON CONFLICT (tenant_id, user_id) DO NOTHING";

  private static final String MERGE_ITEMS =
      "INSERT INTO items (tenant_id, item_id, placeholder) SELECT DISTINCT ?, item_id, true FROM import_events ORDER BY 2 "
          + "ON CONFLICT (tenant_id, item_id) DO NOTHING";

  private static final String MERGE_EVENTS =
      """
      INSERT INTO events (tenant_id, event_id, user_id, item_id, type, value, occurred_at, timestamp_given, recommendation_id)
      SELECT ?, event_id, user_id, item_id, type, value, timestamptz 'epoch' + ts * interval '1 microsecond', given, rec
      FROM import_events
      ON CONFLICT (tenant_id, event_id) DO NOTHING
      """;

  private static final int FLUSH_BYTES = 1 << 16;

  private final Connection connection;
  private final CopyManager copy;
  private final String tenantId;
  private final int chunkRows;
  private final StringBuilder pending = new StringBuilder(FLUSH_BYTES + 1024);
  private CopyIn copyIn;
  private int rowsInChunk;
  private long staged;
  private long inserted;

  private EventStaging(Connection connection, String tenantId, int chunkRows) throws SQLException {
    this.connection = connection;
    this.copy = connection.unwrap(PgConnection.class).getCopyAPI();
    this.tenantId = tenantId;
    this.chunkRows = chunkRows;
  }

  static EventStaging open(Connection connection, String tenantId, int chunkRows) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(CREATE);
      statement.execute("TRUNCATE import_events");
    }
    return new EventStaging(connection, tenantId, chunkRows);
  }

  void add(ValidEvent event) throws SQLException, IOException {
    if (copyIn == null) {
      copyIn = copy.copyIn("COPY import_events FROM STDIN");
    }
    appendField(event.eventId()).append('\t');
    appendField(event.userId()).append('\t');
    appendField(event.itemId()).append('\t');
    appendField(event.type()).append('\t');
    pending.append(event.value() == null ? "\\N" : Double.toString(event.value())).append('\t');
    pending.append(event.occurredAtMicros()).append('\t');
    pending.append(event.timestampGiven() ? 't' : 'f').append('\t');
    appendField(event.recommendationId()).append('\n');
    staged++;
    if (pending.length() >= FLUSH_BYTES) {
      flush();
    }
    if (++rowsInChunk == chunkRows) {
      mergeChunk();
    }
  }

  Totals finish() throws SQLException {
    mergeChunk();
    return new Totals(staged, inserted);
  }

  private void flush() throws SQLException {
    byte[] bytes = pending.toString().getBytes(StandardCharsets.UTF_8);
    copyIn.writeToCopy(bytes, 0, bytes.length);
    pending.setLength(0);
  }

  private void mergeChunk() throws SQLException {
    if (copyIn == null) {
      return;
    }
    flush();
    copyIn.endCopy();
    copyIn = null;
    rowsInChunk = 0;
    merge(MERGE_USERS);
    merge(MERGE_ITEMS);
    inserted += merge(MERGE_EVENTS);
    try (Statement statement = connection.createStatement()) {
      statement.execute("TRUNCATE import_events");
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
    if (value == null) {
      return pending.append("\\N");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> pending.append("\\\\");
        case '\t' -> pending.append("\\t");
        case '\n' -> pending.append("\\n");
        case '\r' -> pending.append("\\r");
        default -> pending.append(c);
      }
    }
    return pending;
  }

  @Override
  public void close() throws SQLException {
    if (copyIn != null && copyIn.isActive()) {
      copyIn.cancelCopy();
    }
  }
}
