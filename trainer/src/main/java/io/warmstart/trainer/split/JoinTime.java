package io.warmstart.trainer.split;

import io.warmstart.trainer.data.Dataset;
import io.warmstart.trainer.data.TenantData;
import java.util.OptionalLong;

/**
 * Protocol v3's join time: a real new tenant joins on some day, and the other tenants' data that
 * meta-training may use ends that day. T is the median timestamp of all rows of the dataset (the
 * element at index floor(n/2) of the sorted timestamps); donors keep their rows before T, a
 * held-out tenant its rows from T on. Without a timestamp on every row there is no join time.
 */
public final class JoinTime {
  private JoinTime() {}

  public static OptionalLong median(Dataset data) {
    long n = 0;
    for (TenantData t : data.tenants()) {
      n += t.numInteractions();
    }
    if (n == 0 || n > Integer.MAX_VALUE) {
      return OptionalLong.empty();
    }
    long[] all = new long[(int) n];
    int k = 0;
    for (TenantData t : data.tenants()) {
      for (long ts : t.timestamps()) {
        if (ts == TenantData.MISSING_TIME) {
          return OptionalLong.empty();
        }
        all[k++] = ts;
      }
    }
    java.util.Arrays.sort(all);
    return OptionalLong.of(all[all.length / 2]);
  }

  /** What a held-out tenant keeps: its rows at or after T (catalogue whole). */
  public static TenantData heldOutPart(TenantData t, OptionalLong joinTime) {
    return joinTime.isPresent() ? t.keepRows(ts -> ts >= joinTime.getAsLong()) : t;
  }

  /** What meta-training may use of a donor: its rows before T. */
  public static TenantData donorPart(TenantData t, OptionalLong joinTime) {
    return joinTime.isPresent() ? t.keepRows(ts -> ts < joinTime.getAsLong()) : t;
  }
}
