package io.warmstart.platform.ingest;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;
import org.postgresql.jdbc.PgConnection;

/**
 * Writes a validated batch of events in three set-based statements (column arrays through
 * {@code unnest}): users and placeholder items first, then the events. Rows go in key order so
 * that concurrent batches take their locks in the same order and cannot deadlock each other.
 */
public final class EventWriter {

  private static final String INSERT_USERS =
      "INSERT INTO users (tenant_id, user_id) SELECT ?, u FROM unnest(?::text[]) AS u "
          + "ON CONFLICT (tenant_id, user_id) DO NOTHING";

  private static final String INSERT_PLACEHOLDER_ITEMS =
      "INSERT INTO items (tenant_id, item_id, placeholder) SELECT ?, i, true FROM unnest(?::text[]) AS i "
          + "ON CONFLICT (tenant_id, item_id) DO NOTHING";

  private static final String INSERT_EVENTS =
      """
      INSERT INTO events (tenant_id, event_id, user_id, item_id, type, value, occurred_at, timestamp_given, recommendation_id)
      SELECT ?, e.id, e.u, e.i, e.t, e.v, timestamptz 'epoch' + e.ts * interval '1 microsecond', e.g, e.r
      FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::float8[], ?::int8[], ?::bool[], ?::text[])
           AS e(id, u, i, t, v, ts, g, r)
      """;

  private static final String IGNORE_EXISTING = " ON CONFLICT (tenant_id, event_id) DO NOTHING";

  private EventWriter() {}

  /**
   * Inserts the events, and the users and items they name that are not in {@code known}; returns
   * how many events were new (the rest were already stored).
   */
  static int insertEvents(Connection connection, String tenantId, List<ValidEvent> events, KeysToEnsure keys) throws SQLException {
    if (events.isEmpty()) {
      return 0;
    }
    ensureKeys(connection, tenantId, keys.users(), keys.items());
    List<ValidEvent> ordered = events.stream().sorted(Comparator.comparing(ValidEvent::eventId)).toList();
    int n = ordered.size();
    String[] ids = new String[n];
    String[] users = new String[n];
    String[] items = new String[n];
    String[] types = new String[n];
    Double[] values = new Double[n];
    long[] times = new long[n];
    boolean[] given = new boolean[n];
    String[] recommendations = new String[n];
    for (int k = 0; k < n; k++) {
      ValidEvent event = ordered.get(k);
      ids[k] = event.eventId();
      users[k] = event.userId();
      items[k] = event.itemId();
      types[k] = event.type();
      values[k] = event.value();
      times[k] = event.occurredAtMicros();
      given[k] = event.timestampGiven();
      recommendations[k] = event.recommendationId();
    }
    // pgjdbc's own connection takes primitive arrays without boxing a million values
    PgConnection pg = connection.unwrap(PgConnection.class);
    Array[] columns = {
      pg.createArrayOf("text", ids),
      pg.createArrayOf("text", users),
      pg.createArrayOf("text", items),
      pg.createArrayOf("text", types),
      pg.createArrayOf("float8", values),
      pg.createArrayOf("int8", times),
      pg.createArrayOf("bool", given),
      pg.createArrayOf("text", recommendations)
    };
    return OptimisticInsert.insert(connection, ignoreExisting -> {
      try (PreparedStatement insert = connection.prepareStatement(ignoreExisting ? INSERT_EVENTS + IGNORE_EXISTING : INSERT_EVENTS)) {
        insert.setString(1, tenantId);
        for (int c = 0; c < columns.length; c++) {
          insert.setArray(c + 2, columns[c]);
        }
        return insert.executeUpdate();
      }
    });
  }

  /** The user and item ids a batch must make sure exist, in sorted order. */
  record KeysToEnsure(String[] users, String[] items) {

    static KeysToEnsure of(List<ValidEvent> events, KnownKeys.TenantKeys known) {
      long now = System.nanoTime();
      return new KeysToEnsure(
          unknownSorted(events, ValidEvent::userId, KnownKeys.Kind.USER, known, now),
          unknownSorted(events, ValidEvent::itemId, KnownKeys.Kind.ITEM, known, now));
    }

    private static String[] unknownSorted(
        List<ValidEvent> events, Function<ValidEvent, String> key, KnownKeys.Kind kind, KnownKeys.TenantKeys known, long now) {
      TreeSet<String> keys = new TreeSet<>();
      for (ValidEvent event : events) {
        String id = key.apply(event);
        if (!known.isKnown(kind, id, now)) {
          keys.add(id);
        }
      }
      return keys.toArray(String[]::new);
    }
  }

  /** Makes sure the users and (placeholder) items exist; each array sorted, so concurrent writers lock alike. */
  public static void ensureKeys(Connection connection, String tenantId, String[] sortedUsers, String[] sortedItems) throws SQLException {
    insertKeys(connection, INSERT_USERS, tenantId, sortedUsers);
    insertKeys(connection, INSERT_PLACEHOLDER_ITEMS, tenantId, sortedItems);
  }

  private static void insertKeys(Connection connection, String sql, String tenantId, String[] keys) throws SQLException {
    if (keys.length == 0) {
      return;
    }
    try (PreparedStatement insert = connection.prepareStatement(sql)) {
      insert.setString(1, tenantId);
      Array array = connection.createArrayOf("text", keys);
      insert.setArray(2, array);
      insert.executeUpdate();
    }
  }
}
