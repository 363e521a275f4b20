package io.warmstart.platform.recommend;

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

  private PersonalisedView(TenantSnapshot snapshot, ServedModel model) {
    this.snapshot = snapshot;
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
  }

  static PersonalisedView of(TenantSnapshot snapshot, ServedModel model) {
    return new PersonalisedView(snapshot, model);
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
   * accepts, best first. One pass over the model's rows: a row is looked at further only if it
   * beats the current k-th best, so the filter and the insertion run for a few rows, not all;
   * nothing catalogue-sized is allocated per request except the score buffer, reused per thread.
   */
  Ranking.TopK top(int[] contextItems, CandidateFilter filter, int depth) {
    int[] rows = new int[contextItems.length];
    int used = 0;
    for (int item : contextItems) {
      int row = rowOfItem[item];
      if (row >= 0) {
        rows[used++] = row;
      }
    }
    float[] scores = buffer(model.model().size());
    model.model().scoreInto(java.util.Arrays.copyOf(rows, used), popularityOfRow, scores);
    int[] bestItems = new int[depth];
    float[] bestScores = new float[depth];
    int size = 0;
    String[] ids = snapshot.itemIds();
    for (int row = 0; row < scores.length; row++) {
      int item = itemOfRow[row];
      float score = scores[row];
      if (item < 0 || Float.isNaN(score)) {
        continue;
      }
      if (size == depth && !better(score, item, bestScores[size - 1], bestItems[size - 1], ids)) {
        continue;
      }
      if (!filter.accepts(item)) {
        continue;
      }
      int pos = size < depth ? size++ : size - 1;
      while (pos > 0 && better(score, item, bestScores[pos - 1], bestItems[pos - 1], ids)) {
        bestItems[pos] = bestItems[pos - 1];
        bestScores[pos] = bestScores[pos - 1];
        pos--;
      }
      bestItems[pos] = item;
      bestScores[pos] = score;
    }
    return new Ranking.TopK(java.util.Arrays.copyOf(bestItems, size), java.util.Arrays.copyOf(bestScores, size));
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
