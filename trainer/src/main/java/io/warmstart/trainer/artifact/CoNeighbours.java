package io.warmstart.trainer.artifact;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Each item's most frequent co-occurring items in users' histories, with their counts: the input of
 * the model's co-occurrence term ({@link ModelConfig#cooc()}). Counting every pair costs the square
 * of a history, so a user's {@link #RECENT_ITEMS} most recent items and an item's
 * {@link #RECENT_USERS} most recent users are counted, and {@link #NEIGHBOURS} neighbours are kept
 * per item: enough for a top-10 list, and cheap to sum per request (context length x neighbours).
 *
 * @param items per item, its neighbours (item indices), most co-occurring first
 * @param counts per item, the matching co-occurrence counts
 */
public record CoNeighbours(int[][] items, float[][] counts) {
  public static final int NEIGHBOURS = 32;
  static final int RECENT_ITEMS = 100;
  static final int RECENT_USERS = 200;
  private static final int[] NO_ITEMS = new int[0];
  private static final float[] NO_COUNTS = new float[0];

  /** No item has a neighbour (no co-occurrence term). */
  public static CoNeighbours none(int numItems) {
    int[][] items = new int[numItems][0];
    float[][] counts = new float[numItems][0];
    return new CoNeighbours(items, counts);
  }

  /** Counts co-occurrences in the given events (parallel arrays, time order) over a catalogue of {@code numItems}. */
  public static CoNeighbours of(int[] users, int[] events, int numItems) {
    Map<Integer, List<Integer>> byUser = new HashMap<>();
    List<List<Integer>> byItem = new ArrayList<>();
    for (int i = 0; i < numItems; i++) {
      byItem.add(null);
    }
    for (int k = 0; k < events.length; k++) {
      byUser.computeIfAbsent(users[k], u -> new ArrayList<>()).add(events[k]);
      List<Integer> us = byItem.get(events[k]);
      if (us == null) {
        us = new ArrayList<>();
        byItem.set(events[k], us);
      }
      us.add(users[k]);
    }
    Map<Integer, int[]> recent = new HashMap<>();
    byUser.forEach((u, h) -> recent.put(u, tail(h, RECENT_ITEMS)));
    int[][] outItems = new int[numItems][];
    float[][] outCounts = new float[numItems][];
    int[] acc = new int[numItems];
    int[] touched = new int[numItems];
    for (int i = 0; i < numItems; i++) {
      List<Integer> us = byItem.get(i);
      if (us == null) {
        outItems[i] = NO_ITEMS;
        outCounts[i] = NO_COUNTS;
        continue;
      }
      int t = 0;
      for (int u : tail(us, RECENT_USERS)) {
        for (int j : recent.get(u)) {
          if (j != i) {
            if (acc[j]++ == 0) {
              touched[t++] = j;
            }
          }
        }
      }
      top(i, acc, touched, t, outItems, outCounts);
    }
    return new CoNeighbours(outItems, outCounts);
  }

  /** Keeps the {@link #NEIGHBOURS} largest counts (ties: lower index) and resets the scratch counts. */
  private static void top(int i, int[] acc, int[] touched, int t, int[][] outItems, float[][] outCounts) {
    Integer[] order = new Integer[t];
    for (int k = 0; k < t; k++) {
      order[k] = touched[k];
    }
    Arrays.sort(order, (a, b) -> acc[a] != acc[b] ? Integer.compare(acc[b], acc[a]) : Integer.compare(a, b));
    int keep = Math.min(NEIGHBOURS, t);
    outItems[i] = new int[keep];
    outCounts[i] = new float[keep];
    for (int k = 0; k < keep; k++) {
      outItems[i][k] = order[k];
      outCounts[i][k] = acc[order[k]];
    }
    for (int k = 0; k < t; k++) {
      acc[touched[k]] = 0;
    }
  }

  private static int[] tail(List<Integer> list, int n) {
    return list.subList(Math.max(0, list.size() - n), list.size()).stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Summed co-occurrence counts of every item with the context's last {@code maxContext} items (rows
   * outside the table are skipped); only items that have any appear in the map.
   */
  public Map<Integer, Float> around(int[] context, int maxContext) {
    Map<Integer, Float> out = new HashMap<>();
    int used = 0;
    for (int k = context.length - 1; k >= 0 && used < maxContext; k--) {
      int c = context[k];
      if (c < 0 || c >= items.length) {
        continue;
      }
      used++;
      for (int j = 0; j < items[c].length; j++) {
        out.merge(items[c][j], counts[c][j], Float::sum);
      }
    }
    return out;
  }

  /** The term's input: log(1 + summed count). */
  public static float feature(float summedCount) {
    return (float) Math.log1p(summedCount);
  }
}
