package io.warmstart.platform.recommend;

import java.time.Instant;
import java.util.Map;

/**
 * Everything needed to answer a tenant's recommendation requests from memory, built in one go and
 * never changed afterwards: requests read whichever snapshot is current, a rebuild swaps in a new
 * one, so no request ever sees a half-updated state.
 *
 * @param itemIds item ids by dense index
 * @param titles item titles by index (null where unknown)
 * @param itemIndex dense index by item id
 * @param available whether each item may be recommended
 * @param categories category ids of each item (indexes into {@code categoryIndex})
 * @param tags tag ids of each item
 * @param categoryIndex category id by category name
 * @param tagIndex tag id by tag name
 * @param popularity decayed, weighted interaction score of each item
 * @param popularityOrder item indexes, most popular first (ties by id)
 * @param histories each user's recent items, oldest first
 * @param itemUsers a bounded sample of the users who interacted with each item (indexes into {@code userIds})
 * @param userIds user ids by dense index
 * @param events events the snapshot was built from
 * @param dataVersion the tenant's {@code data_changed_at} when the build started: a later one means rebuild
 * @param builtAt when it was built
 */
public record TenantSnapshot(
    String tenantId,
    String[] itemIds,
    String[] titles,
    Map<String, Integer> itemIndex,
    boolean[] available,
    int[][] categories,
    int[][] tags,
    Map<String, Integer> categoryIndex,
    Map<String, Integer> tagIndex,
    float[] popularity,
    int[] popularityOrder,
    Map<String, int[]> histories,
    int[][] itemUsers,
    String[] userIds,
    long events,
    Instant dataVersion,
    Instant builtAt) {

  public int itemCount() {
    return itemIds.length;
  }

  public int[] historyOf(String userId) {
    return histories.getOrDefault(userId, EMPTY);
  }

  static final int[] EMPTY = new int[0];
}
