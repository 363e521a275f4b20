package io.warmstart.platform.recommend;

import java.util.BitSet;

/** Decides which items of a snapshot a request may return. */
final class CandidateFilter {

  private final TenantSnapshot snapshot;
  private final boolean includeUnavailable;
  private final int category;
  private final int tag;
  private final BitSet excluded;

  /** A category or tag the tenant does not have matches nothing. */
  private static final int NOTHING = -2;
  private static final int ANY = -1;

  CandidateFilter(TenantSnapshot snapshot, RecommendationQuery query, int[] seen) {
    this.snapshot = snapshot;
    this.includeUnavailable = query.includeUnavailable();
    this.category = query.category() == null ? ANY : snapshot.categoryIndex().getOrDefault(query.category(), NOTHING);
    this.tag = query.tag() == null ? ANY : snapshot.tagIndex().getOrDefault(query.tag(), NOTHING);
    this.excluded = new BitSet(snapshot.itemCount());
    for (String id : query.exclude()) {
      Integer item = snapshot.itemIndex().get(id);
      if (item != null) {
        excluded.set(item);
      }
    }
    if (query.excludeSeen()) {
      for (int item : seen) {
        excluded.set(item);
      }
    }
  }

  boolean accepts(int item) {
    return !excluded.get(item)
        && (includeUnavailable || snapshot.available()[item])
        && matches(category, snapshot.categories()[item])
        && matches(tag, snapshot.tags()[item]);
  }

  private static boolean matches(int wanted, int[] labels) {
    if (wanted == ANY) {
      return true;
    }
    for (int label : labels) {
      if (label == wanted) {
        return true;
      }
    }
    return false;
  }
}
