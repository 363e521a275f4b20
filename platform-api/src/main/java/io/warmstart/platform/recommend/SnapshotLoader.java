package io.warmstart.platform.recommend;

import io.agroal.api.AgroalDataSource;
import io.warmstart.platform.tenant.TenantDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.jboss.logging.Logger;

/** Reads one tenant's catalogue and events and builds its {@link TenantSnapshot}. */
@ApplicationScoped
public class SnapshotLoader {

  private static final Logger LOG = Logger.getLogger(SnapshotLoader.class);

  private static final String ITEMS =
      "SELECT item_id, title, categories, tags, available FROM items WHERE tenant_id = ? ORDER BY item_id";

  /** Per item and type, the number of events decayed by age relative to the tenant's newest event. */
  private static final String DECAYED_COUNTS =
      """
      SELECT item_id, type, sum(exp(-extract(epoch FROM (ref.newest - occurred_at)) / ?))
      FROM events, (SELECT max(occurred_at) AS newest FROM events WHERE tenant_id = ?) AS ref
      WHERE tenant_id = ?
      GROUP BY item_id, type
      """;

  /** Per item and type, the number of events. */
  private static final String COUNTS = "SELECT item_id, type, count(*) FROM events WHERE tenant_id = ? GROUP BY item_id, type";

  private static final String HISTORIES =
      "SELECT user_id, item_id, type FROM events WHERE tenant_id = ? ORDER BY user_id, occurred_at, event_id";

  @Inject AgroalDataSource dataSource;
  @Inject TenantDirectory directory;
  @Inject ServingConfig config;

  public TenantSnapshot load(String tenantId) {
    long started = System.nanoTime();
    Map<String, Double> weights = directory.settingsOf(tenantId).effectiveEventTypes();
    try (Connection connection = dataSource.getConnection()) {
      connection.setReadOnly(true);
      // Read first: a change committed while the build runs then shows up as a newer version.
      Instant dataVersion = dataVersion(connection, tenantId);
      Catalogue catalogue = readItems(connection, tenantId);
      float[] popularity = new float[catalogue.size()];
      readPopularity(connection, tenantId, weights, catalogue, popularity);
      Map<String, int[]> histories = new HashMap<>();
      long events = readHistories(connection, tenantId, weights, catalogue, histories);
      String[] userIds = histories.keySet().stream().sorted().toArray(String[]::new);
      TenantSnapshot snapshot =
          new TenantSnapshot(
              tenantId,
              catalogue.ids.toArray(String[]::new),
              catalogue.titles.toArray(String[]::new),
              catalogue.index,
              toBooleans(catalogue.available),
              catalogue.categories.toArray(int[][]::new),
              catalogue.tags.toArray(int[][]::new),
              catalogue.categoryIndex,
              catalogue.tagIndex,
              popularity,
              orderByPopularity(popularity, catalogue.ids),
              histories,
              invert(userIds, histories, catalogue.size()),
              userIds,
              events,
              dataVersion,
              Instant.now());
      LOG.debugf("Snapshot of %s: %d items, %d users, %d events in %d ms",
          tenantId, snapshot.itemCount(), userIds.length, events, (System.nanoTime() - started) / 1_000_000);
      return snapshot;
    } catch (SQLException e) {
      throw new IllegalStateException("Could not load the serving snapshot of " + tenantId, e);
    }
  }

  /** The tenant's data_changed_at: cheap to read, so replicas can poll it. */
  public Instant dataVersion(String tenantId) {
    try (Connection connection = dataSource.getConnection()) {
      return dataVersion(connection, tenantId);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not read the data version of " + tenantId, e);
    }
  }

  private static Instant dataVersion(Connection connection, String tenantId) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement("SELECT data_changed_at FROM tenants WHERE tenant_id = ?")) {
      query.setString(1, tenantId);
      try (ResultSet row = query.executeQuery()) {
        return row.next() ? row.getObject(1, java.time.OffsetDateTime.class).toInstant() : Instant.EPOCH;
      }
    }
  }

  private static Catalogue readItems(Connection connection, String tenantId) throws SQLException {
    Catalogue catalogue = new Catalogue();
    try (PreparedStatement query = connection.prepareStatement(ITEMS)) {
      query.setString(1, tenantId);
      query.setFetchSize(5000);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          catalogue.add(rows.getString(1), rows.getString(2), labels(rows.getArray(3)), labels(rows.getArray(4)), rows.getBoolean(5));
        }
      }
    }
    return catalogue;
  }

  private void readPopularity(Connection connection, String tenantId, Map<String, Double> weights, Catalogue catalogue, float[] popularity)
      throws SQLException {
    boolean decayed = config.popularityHalfLife().isPresent();
    try (PreparedStatement query = connection.prepareStatement(decayed ? DECAYED_COUNTS : COUNTS)) {
      if (decayed) {
        query.setDouble(1, config.popularityHalfLife().get().toSeconds() / Math.log(2));
        query.setString(2, tenantId);
        query.setString(3, tenantId);
      } else {
        query.setString(1, tenantId);
      }
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          Integer item = catalogue.index.get(rows.getString(1));
          if (item != null) {
            popularity[item] += (float) (weights.getOrDefault(rows.getString(2), 1.0) * rows.getDouble(3));
          }
        }
      }
    }
  }

  /** Each user's distinct items by last interaction, oldest first; impressions and zero-weight types are not interactions. */
  private long readHistories(Connection connection, String tenantId, Map<String, Double> weights, Catalogue catalogue, Map<String, int[]> out)
      throws SQLException {
    long events = 0;
    try (PreparedStatement query = connection.prepareStatement(HISTORIES)) {
      query.setString(1, tenantId);
      query.setFetchSize(10_000);
      try (ResultSet rows = query.executeQuery()) {
        String currentUser = null;
        LinkedHashSet<Integer> items = new LinkedHashSet<>();
        while (rows.next()) {
          events++;
          String user = rows.getString(1);
          if (!user.equals(currentUser)) {
            flush(currentUser, items, out);
            currentUser = user;
          }
          Integer item = catalogue.index.get(rows.getString(2));
          if (item != null && weights.getOrDefault(rows.getString(3), 1.0) != 0.0) {
            items.remove(item);
            items.add(item);
          }
        }
        flush(currentUser, items, out);
      }
    }
    return events;
  }

  private void flush(String user, LinkedHashSet<Integer> items, Map<String, int[]> out) {
    if (user != null && !items.isEmpty()) {
      int[] history = items.stream().mapToInt(Integer::intValue).toArray();
      int keep = Math.min(history.length, config.maxHistory());
      out.put(user, Arrays.copyOfRange(history, history.length - keep, history.length));
    }
    items.clear();
  }

  /** Item to users, keeping an evenly spread sample when an item has more than the cap. */
  private int[][] invert(String[] userIds, Map<String, int[]> histories, int itemCount) {
    List<List<Integer>> users = new ArrayList<>(itemCount);
    for (int i = 0; i < itemCount; i++) {
      users.add(new ArrayList<>());
    }
    for (int u = 0; u < userIds.length; u++) {
      for (int item : histories.get(userIds[u])) {
        users.get(item).add(u);
      }
    }
    int cap = config.maxUsersPerItem();
    int[][] inverted = new int[itemCount][];
    for (int i = 0; i < itemCount; i++) {
      List<Integer> all = users.get(i);
      int n = Math.min(all.size(), cap);
      inverted[i] = new int[n];
      for (int k = 0; k < n; k++) {
        inverted[i][k] = all.get((int) ((long) k * all.size() / n));
      }
    }
    return inverted;
  }

  private static int[] orderByPopularity(float[] popularity, List<String> ids) {
    return IntStream.range(0, popularity.length)
        .boxed()
        .sorted(Comparator.<Integer>comparingDouble(i -> -popularity[i]).thenComparing(ids::get))
        .mapToInt(Integer::intValue)
        .toArray();
  }

  private static String[] labels(Array array) throws SQLException {
    return array == null ? new String[0] : (String[]) array.getArray();
  }

  private static boolean[] toBooleans(List<Boolean> values) {
    boolean[] out = new boolean[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }

  /** The catalogue being read, with label dictionaries. */
  private static final class Catalogue {
    final List<String> ids = new ArrayList<>();
    final List<String> titles = new ArrayList<>();
    final List<Boolean> available = new ArrayList<>();
    final List<int[]> categories = new ArrayList<>();
    final List<int[]> tags = new ArrayList<>();
    final Map<String, Integer> index = new HashMap<>();
    final Map<String, Integer> categoryIndex = new HashMap<>();
    final Map<String, Integer> tagIndex = new HashMap<>();

    void add(String id, String title, String[] itemCategories, String[] itemTags, boolean isAvailable) {
      index.put(id, ids.size());
      ids.add(id);
      titles.add(title);
      available.add(isAvailable);
      categories.add(encode(itemCategories, categoryIndex));
      tags.add(encode(itemTags, tagIndex));
    }

    int size() {
      return ids.size();
    }

    private static int[] encode(String[] labels, Map<String, Integer> dictionary) {
      int[] codes = new int[labels.length];
      for (int i = 0; i < labels.length; i++) {
        codes[i] = dictionary.computeIfAbsent(labels[i], l -> dictionary.size());
      }
      return codes;
    }
  }
}
