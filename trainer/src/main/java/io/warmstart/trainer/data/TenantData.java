package io.warmstart.trainer.data;

import java.util.List;

/**
 * All raw data of one tenant, with users and items interned to dense indices.
 *
 * <p>Item indices follow the sorted order of item ids, so "tie-break by item id" is "tie-break by
 * index". The catalogue is every item seen in the interactions or listed in items.csv. Arrays hold
 * the interactions in file order; {@link #MISSING_TIME} marks a row without a timestamp.
 */
public record TenantData(
    String name,
    List<String> itemIds,
    List<ItemContent> content,
    List<String> userIds,
    int[] users,
    int[] items,
    long[] timestamps) {

  public static final long MISSING_TIME = Long.MIN_VALUE;

  public int numItems() {
    return itemIds.size();
  }

  public int numInteractions() {
    return users.length;
  }

  /**
   * The same tenant with only the rows whose timestamp passes {@code keep} (a missing timestamp is
   * {@link #MISSING_TIME}); catalogue, content and user ids stay whole, so indices keep their meaning.
   */
  public TenantData keepRows(java.util.function.LongPredicate keep) {
    int n = 0;
    for (long t : timestamps) {
      n += keep.test(t) ? 1 : 0;
    }
    int[] u = new int[n];
    int[] i = new int[n];
    long[] ts = new long[n];
    int m = 0;
    for (int k = 0; k < timestamps.length; k++) {
      if (keep.test(timestamps[k])) {
        u[m] = users[k];
        i[m] = items[k];
        ts[m] = timestamps[k];
        m++;
      }
    }
    return new TenantData(name, itemIds, content, userIds, u, i, ts);
  }

  public int distinctInteractedItems() {
    boolean[] seen = new boolean[numItems()];
    int n = 0;
    for (int i : items) {
      if (!seen[i]) {
        seen[i] = true;
        n++;
      }
    }
    return n;
  }
}
