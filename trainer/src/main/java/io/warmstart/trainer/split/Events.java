package io.warmstart.trainer.split;

import java.util.Arrays;

/** A tenant's interactions in protocol time order (deduplicated), as parallel arrays. */
public record Events(int[] users, int[] items, long[] timestamps) {

  public int size() {
    return users.length;
  }

  /** Events [from, to) as a new record. */
  public Events slice(int from, int to) {
    return new Events(
        Arrays.copyOfRange(users, from, to),
        Arrays.copyOfRange(items, from, to),
        Arrays.copyOfRange(timestamps, from, to));
  }

  public Events prefix(int n) {
    return slice(0, Math.min(n, size()));
  }
}
