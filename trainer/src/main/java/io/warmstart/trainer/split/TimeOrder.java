package io.warmstart.trainer.split;

import io.warmstart.trainer.data.TenantData;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Puts a tenant's interactions in protocol order: stable sort by timestamp, or a seeded shuffle
 * when the tenant has no timestamps at all; rows missing a timestamp in an otherwise timed tenant
 * go last (we cannot place them). Keeps the first occurrence of each (user, item).
 */
public final class TimeOrder {
  private TimeOrder() {}

  public static Events order(TenantData t, long seed) {
    int n = t.numInteractions();
    List<Integer> idx = new ArrayList<>(n);
    boolean anyTime = false;
    for (int k = 0; k < n; k++) {
      idx.add(k);
      anyTime |= t.timestamps()[k] != TenantData.MISSING_TIME;
    }
    if (anyTime) {
      long[] ts = t.timestamps();
      idx.sort(Comparator.comparingLong(k -> ts[k] == TenantData.MISSING_TIME ? Long.MAX_VALUE : ts[k]));
    } else {
      java.util.Collections.shuffle(idx, new Random(mix(seed, t.name())));
    }
    Set<Long> seen = new HashSet<>();
    int[] users = new int[n];
    int[] items = new int[n];
    long[] times = new long[n];
    int m = 0;
    for (int k : idx) {
      long key = ((long) t.users()[k] << 32) | t.items()[k];
      if (seen.add(key)) {
        users[m] = t.users()[k];
        items[m] = t.items()[k];
        times[m] = t.timestamps()[k];
        m++;
      }
    }
    return new Events(users, items, times).prefix(m);
  }

  /** Seed for per-tenant randomness: the same tenant and seed always give the same order. */
  public static long mix(long seed, String name) {
    long h = seed * 0x9E3779B97F4A7C15L;
    for (int i = 0; i < name.length(); i++) {
      h = (h ^ name.charAt(i)) * 0x100000001B3L;
    }
    return h ^ (h >>> 31);
  }
}
