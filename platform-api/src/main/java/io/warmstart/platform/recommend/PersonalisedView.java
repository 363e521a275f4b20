package io.warmstart.platform.recommend;

import io.warmstart.trainer.artifact.ServingModel;

/**
 * A promoted model lined up with a serving snapshot: the model knows the catalogue as it was when
 * it was trained, the snapshot as it is now, so each side's index is mapped to the other's once
 * (per snapshot and model) rather than per request. The model's score is blended with the
 * snapshot's popularity as the model's evidence says ({@code Blend}), so popularity stays live
 * between adaptations. Items added after training are not scored by the model; the ranking
 * appends them by popularity.
 */
final class PersonalisedView {

  private final TenantSnapshot snapshot;
  private final ServedModel model;
  private final int[] rowOfItem;
  private final int[] itemOfRow;
  /** The snapshot's (live) popularity of each model row, which the model's score is blended with. */
  private final float[] popularityOfRow;
  /** The model's rows in the snapshot's popularity order: the popular head of the candidates. */
  private final int[] popularRows;
  /** Candidates taken from the index and from the popular head ({@code warmstart.serving.index-candidates}). */
  private final int candidates;

  private PersonalisedView(TenantSnapshot snapshot, ServedModel model, int candidates) {
    this.snapshot = snapshot;
    this.candidates = candidates;
    this.model = model;
    int rows = model.model().size();
    this.itemOfRow = new int[rows];
    this.popularityOfRow = new float[rows];
    this.rowOfItem = new int[snapshot.itemCount()];
    java.util.Arrays.fill(rowOfItem, -1);
    for (int row = 0; row < rows; row++) {
      Integer item = snapshot.itemIndex().get(model.model().itemIds().get(row));
      itemOfRow[row] = item == null ? -1 : item;
      if (item != null) {
        rowOfItem[item] = row;
        popularityOfRow[row] = snapshot.popularity()[item];
      }
    }
    this.popularRows = java.util.Arrays.stream(snapshot.popularityOrder()).map(item -> rowOfItem[item]).filter(row -> row >= 0).toArray();
  }

  static PersonalisedView of(TenantSnapshot snapshot, ServedModel model, int candidates) {
    return new PersonalisedView(snapshot, model, candidates);
  }

  boolean matches(TenantSnapshot otherSnapshot, ServedModel otherModel) {
    return snapshot == otherSnapshot && model == otherModel;
  }

  ServedModel model() {
    return model;
  }

  /** Whether the model knows any item of this context (else it has nothing personal to say). */
  boolean knowsAny(int[] contextItems) {
    for (int item : contextItems) {
      if (rowOfItem[item] >= 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * The best {@code depth} items for a context of snapshot items (oldest first) that the filter
   * accepts, best first. With an item index (big catalogues), from candidates: the index's nearest
   * rows by model score, the popular head and the context's co-occurrence neighbours, each scored
   * exactly; every item is scored when the candidates hold fewer than {@code depth} items the
   * filter accepts, so a narrow filter still fills its page whenever enough items match.
   */
  Ranking.TopK top(int[] contextItems, CandidateFilter filter, int depth) {
    int[] rows = rowsOf(contextItems);
    ItemIndex index = model.index();
    if (index != null) {
      Ranking.TopK fromCandidates = topOfCandidates(index, rows, contextItems.length, filter, depth);
      if (fromCandidates != null) {
        return fromCandidates;
      }
    }
    return topOfEveryRow(rows, filter, depth);
  }

  /** As {@link #top}, always scoring every item: the exact reference the index is measured against. */
  Ranking.TopK topOfAll(int[] contextItems, CandidateFilter filter, int depth) {
    return topOfEveryRow(rowsOf(contextItems), filter, depth);
  }

  private int[] rowsOf(int[] contextItems) {
    int[] rows = new int[contextItems.length];
    int used = 0;
    for (int item : contextItems) {
      int row = rowOfItem[item];
      if (row >= 0) {
        rows[used++] = row;
      }
    }
    return java.util.Arrays.copyOf(rows, used);
  }

  /**
   * One pass over the model's rows: a row is looked at further only if it beats the current k-th
   * best, so the filter and the insertion run for a few rows, not all; nothing catalogue-sized is
   * allocated per request except the score buffer, reused per thread.
   */
  private Ranking.TopK topOfEveryRow(int[] rows, CandidateFilter filter, int depth) {
    float[] scores = buffer(model.model().size());
    model.model().scoreInto(rows, popularityOfRow, scores);
    Best best = new Best(depth, snapshot.itemIds());
    for (int row = 0; row < scores.length; row++) {
      best.offer(itemOfRow[row], scores[row], filter);
    }
    return best.result();
  }

  /** Null when the candidates hold fewer than {@code depth} items the filter accepts. */
  private Ranking.TopK topOfCandidates(ItemIndex index, int[] rows, int contextLength, CandidateFilter filter, int depth) {
    ServingModel scorer = model.model();
    // Seen items are excluded after scoring, so a long history asks for more candidates.
    int wanted = Math.max(candidates, 2 * (depth + contextLength));
    float[] query = scorer.indexQuery(rows);
    java.util.Map<Integer, Float> neighbours = scorer.coNeighbours(rows);
    int[] nearest = index.nearest(query, wanted);
    int[] pool = new int[nearest.length + wanted + neighbours.size()];
    int size = 0;
    for (int row : nearest) {
      pool[size++] = row;
    }
    for (int k = 0, taken = 0; k < popularRows.length && taken < wanted; k++, taken++) {
      pool[size++] = popularRows[k];
    }
    for (int row : neighbours.keySet()) {
      pool[size++] = row;
    }
    java.util.Arrays.sort(pool, 0, size);
    int distinct = 0;
    for (int k = 0; k < size; k++) {
      if (distinct == 0 || pool[k] != pool[distinct - 1]) {
        pool[distinct++] = pool[k];
      }
    }
    float[] scores = new float[distinct];
    scorer.scoreRows(query, neighbours, pool, distinct, popularityOfRow, scores);
    Best best = new Best(depth, snapshot.itemIds());
    for (int k = 0; k < distinct; k++) {
      best.offer(itemOfRow[pool[k]], scores[k], filter);
    }
    return best.size() < depth ? null : best.result();
  }

  /** The best {@code depth} items offered, best first, kept in a small sorted array. */
  private static final class Best {
    private final int[] items;
    private final float[] scores;
    private final String[] ids;
    private int size;

    Best(int depth, String[] ids) {
      this.items = new int[depth];
      this.scores = new float[depth];
      this.ids = ids;
    }

    void offer(int item, float score, CandidateFilter filter) {
      int depth = items.length;
      if (item < 0 || Float.isNaN(score) || depth == 0) {
        return;
      }
      if (size == depth && !better(score, item, scores[size - 1], items[size - 1], ids)) {
        return;
      }
      if (!filter.accepts(item)) {
        return;
      }
      int pos = size < depth ? size++ : size - 1;
      while (pos > 0 && better(score, item, scores[pos - 1], items[pos - 1], ids)) {
        items[pos] = items[pos - 1];
        scores[pos] = scores[pos - 1];
        pos--;
      }
      items[pos] = item;
      scores[pos] = score;
    }

    int size() {
      return size;
    }

    Ranking.TopK result() {
      return new Ranking.TopK(java.util.Arrays.copyOf(items, size), java.util.Arrays.copyOf(scores, size));
    }
  }

  /** Higher score first; equal scores by item id, as every ranking here breaks ties. */
  private static boolean better(float score, int item, float otherScore, int otherItem, String[] ids) {
    return score != otherScore ? score > otherScore : ids[item].compareTo(ids[otherItem]) < 0;
  }

  private static final ThreadLocal<float[]> BUFFER = new ThreadLocal<>();

  private static float[] buffer(int size) {
    float[] buffer = BUFFER.get();
    if (buffer == null || buffer.length != size) {
      buffer = new float[size];
      BUFFER.set(buffer);
    }
    return buffer;
  }
}
