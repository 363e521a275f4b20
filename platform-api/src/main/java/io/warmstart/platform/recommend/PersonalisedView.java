package io.warmstart.platform.recommend;

import java.util.BitSet;

/**
 * A promoted model lined up with a serving snapshot: the model knows the catalogue as it was when
 * it was trained, the snapshot as it is now, so each side's index is mapped to the other's once
 * (per snapshot and model) rather than per request. Items added after training are not scored by
 * the model; the ranking appends them by popularity.
 */
final class PersonalisedView {

  private final TenantSnapshot snapshot;
  private final ServedModel model;
  private final int[] rowOfItem;
  private final int[] itemOfRow;
  private final BitSet scored;

  private PersonalisedView(TenantSnapshot snapshot, ServedModel model) {
    this.snapshot = snapshot;
    this.model = model;
    int rows = model.model().size();
    this.itemOfRow = new int[rows];
    this.rowOfItem = new int[snapshot.itemCount()];
    java.util.Arrays.fill(rowOfItem, -1);
    this.scored = new BitSet(snapshot.itemCount());
    for (int row = 0; row < rows; row++) {
      Integer item = snapshot.itemIndex().get(model.model().itemIds().get(row));
      itemOfRow[row] = item == null ? -1 : item;
      if (item != null) {
        rowOfItem[item] = row;
        scored.set(item);
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

  /** Items the model can score (read-only). */
  BitSet scored() {
    return scored;
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

  /** Model scores by snapshot item index for a context of snapshot items, oldest first. */
  float[] score(int[] contextItems) {
    int[] rows = new int[contextItems.length];
    int used = 0;
    for (int item : contextItems) {
      int row = rowOfItem[item];
      if (row >= 0) {
        rows[used++] = row;
      }
    }
    float[] byRow = model.model().score(java.util.Arrays.copyOf(rows, used));
    float[] byItem = new float[snapshot.itemCount()];
    for (int row = 0; row < byRow.length; row++) {
      int item = itemOfRow[row];
      if (item >= 0) {
        byItem[item] = byRow[row];
      }
    }
    return byItem;
  }
}
