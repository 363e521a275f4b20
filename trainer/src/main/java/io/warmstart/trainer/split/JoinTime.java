package io.warmstart.trainer.split;

import io.warmstart.trainer.data.Dataset;
import io.warmstart.trainer.data.TenantData;
import io.warmstart.trainer.data.TenantDataBuilder;
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

  /**
   * What meta-training may use of a donor: its rows before T, over the catalogue as it was then. The
   * items file is a dump of the whole log, so it lists items that only appear after T (films not yet
   * released); kept in a donor's catalogue they would teach that what is new is never taken, the
   * opposite of what a held-out tenant's later users do. An item is in a donor's catalogue when a
   * row before T mentions it.
   */
  public static TenantData donorPart(TenantData t, OptionalLong joinTime) {
    if (joinTime.isEmpty()) {
      return t;
    }
    TenantData before = t.keepRows(ts -> ts < joinTime.getAsLong());
    TenantDataBuilder b = new TenantDataBuilder(t.name());
    for (int k = 0; k < before.numInteractions(); k++) {
      int item = before.items()[k];
      b.addItem(t.itemIds().get(item), t.content().get(item));
      b.addEvent(t.userIds().get(before.users()[k]), t.itemIds().get(item), before.timestamps()[k]);
    }
    return b.build();
  }
}
