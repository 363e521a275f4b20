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
