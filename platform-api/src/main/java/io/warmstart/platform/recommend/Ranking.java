package io.warmstart.platform.recommend;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Picks the page of best items: by a method's scores where it has them, then by popularity for the
 * rest (so an item a method cannot score is never ranked by accident of id order).
 */
final class Ranking {

  /** An item chosen for a response, with the score that placed it. */
  record Ranked(int item, float score) {}

  /** A method's best items, best first, already filtered, with their scores. */
  record TopK(int[] items, float[] scores) {}

  private Ranking() {}

  static List<Ranked> byPopularity(TenantSnapshot snapshot, CandidateFilter filter, int offset, int count) {
    return fillFromPopularity(snapshot, filter, new ArrayList<>(), new BitSet(), offset, count, true);
  }

  /**
   * @param scores method scores by item, meaningful where {@code scored} is set
   * @param scored the items the method gave a score
   */
  static List<Ranked> byScores(TenantSnapshot snapshot, float[] scores, BitSet scored, CandidateFilter filter, int offset, int count) {
    int depth = offset + count;
    // Keep the best `depth` scored candidates in a min-heap: O(n log depth) instead of sorting all.
    PriorityQueue<Integer> best = new PriorityQueue<>(depth + 1, (a, b) -> compare(snapshot, scores, a, b));
    for (int item = scored.nextSetBit(0); item >= 0; item = scored.nextSetBit(item + 1)) {
      if (filter.accepts(item)) {
        best.add(item);
        if (best.size() > depth) {
          best.poll();
        }
      }
    }
    List<Integer> ordered = new ArrayList<>(best);
    ordered.sort((a, b) -> compare(snapshot, scores, b, a));
    List<Ranked> page = new ArrayList<>(count);
    BitSet taken = new BitSet(snapshot.itemCount());
    for (int rank = 0; rank < ordered.size(); rank++) {
      int item = ordered.get(rank);
      taken.set(item);
      if (rank >= offset) {
        page.add(new Ranked(item, scores[item]));
      }
    }
    return fillFromPopularity(snapshot, filter, page, taken, Math.max(0, offset - ordered.size()), count, false);
  }

  /** A page from a method's own best items, then popular items the method did not rank. */
  static List<Ranked> fromTopK(TenantSnapshot snapshot, TopK top, CandidateFilter filter, int offset, int count) {
    List<Ranked> page = new ArrayList<>(count);
    BitSet taken = new BitSet(snapshot.itemCount());
    for (int rank = 0; rank < top.items().length; rank++) {
      taken.set(top.items()[rank]);
      if (rank >= offset && page.size() < count) {
        page.add(new Ranked(top.items()[rank], top.scores()[rank]));
      }
    }
    return fillFromPopularity(snapshot, filter, page, taken, Math.max(0, offset - top.items().length), count, false);
  }

  /** Appends popular items; they report their popularity on a popularity page and 0 after a method's own list. */
  private static List<Ranked> fillFromPopularity(
      TenantSnapshot snapshot, CandidateFilter filter, List<Ranked> page, BitSet taken, int skip, int count, boolean reportPopularity) {
    for (int item : snapshot.popularityOrder()) {
      if (page.size() == count) {
        break;
      }
      if (taken.get(item) || !filter.accepts(item)) {
        continue;
      }
      if (skip > 0) {
        skip--;
        continue;
      }
      page.add(new Ranked(item, reportPopularity ? snapshot.popularity()[item] : 0f));
    }
    return page;
  }

  private static int compare(TenantSnapshot snapshot, float[] scores, int a, int b) {
    int byScore = Float.compare(scores[a], scores[b]);
    return byScore != 0 ? byScore : snapshot.itemIds()[b].compareTo(snapshot.itemIds()[a]);
  }
}
