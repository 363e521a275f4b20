package io.warmstart.trainer.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds one tenant's {@link TenantData} from rows arriving one at a time (a CSV file, a database
 * cursor). Ids are interned as they arrive and events go into growable primitive arrays, so a
 * tenant of millions of events costs 16 bytes per event plus one string per distinct id.
 *
 * <p>The result is the same as for any other source: the catalogue is the union of listed and
 * interacted items in sorted id order (so "tie-break by id" is "tie-break by index"), users are
 * numbered in first-seen order, events keep arrival order. Not thread-safe.
 */
public final class TenantDataBuilder {
  private final String tenant;
  // Items get a provisional index in first-seen order; build() renumbers them by sorted id.
  private final Map<String, Integer> itemIndex = new HashMap<>();
  private final List<String> itemIds = new ArrayList<>();
  private final List<ItemContent> content = new ArrayList<>();
  private final Map<String, Integer> userIndex = new HashMap<>();
  private final List<String> userIds = new ArrayList<>();
  private int[] users = new int[16];
  private int[] items = new int[16];
  private long[] times = new long[16];
  private int size;

  public TenantDataBuilder(String tenant) {
    this.tenant = tenant;
  }

  /** Lists a catalogue item with its content; a second call for the same id replaces the first. */
  public void addItem(String itemId, ItemContent content) {
    this.content.set(item(itemId), content == null ? ItemContent.EMPTY : content);
  }

  /** One interaction; {@link TenantData#MISSING_TIME} when the time is unknown. */
  public void addEvent(String userId, String itemId, long epochSeconds) {
    if (size == users.length) {
      int grown = Math.max(16, size + (size >> 1));
      users = Arrays.copyOf(users, grown);
      items = Arrays.copyOf(items, grown);
      times = Arrays.copyOf(times, grown);
    }
    Integer u = userIndex.get(Objects.requireNonNull(userId, "user id"));
    if (u == null) {
      u = userIds.size();
      userIndex.put(userId, u);
      userIds.add(userId);
    }
    users[size] = u;
    items[size] = item(itemId);
    times[size] = epochSeconds;
    size++;
  }

  public int events() {
    return size;
  }

  /** The tenant so far; the builder stays usable. */
  public TenantData build() {
    int n = itemIds.size();
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> itemIds.get(a).compareTo(itemIds.get(b)));
    int[] sortedIndex = new int[n];
    List<String> ids = new ArrayList<>(n);
    List<ItemContent> c = new ArrayList<>(n);
    for (int r = 0; r < n; r++) {
      sortedIndex[order[r]] = r;
      ids.add(itemIds.get(order[r]));
      ItemContent listed = content.get(order[r]);
      c.add(listed == null ? ItemContent.EMPTY : listed);
    }
    int[] it = new int[size];
    for (int k = 0; k < size; k++) {
      it[k] = sortedIndex[items[k]];
    }
    return new TenantData(tenant, Collections.unmodifiableList(ids), Collections.unmodifiableList(c), List.copyOf(userIds),
        Arrays.copyOf(users, size), it, Arrays.copyOf(times, size));
  }

  private int item(String itemId) {
    Integer i = itemIndex.get(Objects.requireNonNull(itemId, "item id"));
    if (i == null) {
      i = itemIds.size();
      itemIndex.put(itemId, i);
      itemIds.add(itemId);
      content.add(null);
    }
    return i;
  }
}
