package io.warmstart.trainer.split;

import io.warmstart.trainer.data.Dataset;
import io.warmstart.trainer.data.TenantData;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Chooses the new tenants that meta-training never sees. */
public final class HoldoutSelector {
  public static final int MIN_INTERACTIONS = 300;
  public static final int MIN_ITEMS = 50;

  private HoldoutSelector() {}

  public static boolean eligible(TenantData t) {
    return t.numInteractions() >= MIN_INTERACTIONS && t.distinctInteractedItems() >= MIN_ITEMS;
  }

  /** round(fraction x eligible) eligible tenants, chosen with the seed (at least one). */
  public static List<String> byFraction(Dataset data, double fraction, long seed) {
    List<String> eligible = new ArrayList<>();
    for (TenantData t : data.tenants()) {
      if (eligible(t)) {
        eligible.add(t.name());
      }
    }
    return byFraction(eligible, fraction, seed);
  }

  /** round(fraction x |eligible|) of the given eligible tenants, chosen with the seed (at least one). */
  public static List<String> byFraction(List<String> eligibleNames, double fraction, long seed) {
    List<String> eligible = new ArrayList<>(eligibleNames);
    Collections.sort(eligible);
    int k = (int) Math.max(1, Math.round(fraction * eligible.size()));
    Collections.shuffle(eligible, new Random(seed));
    List<String> chosen = new ArrayList<>(eligible.subList(0, Math.min(k, eligible.size())));
    Collections.sort(chosen);
    return chosen;
  }

  /** Explicit tenants; every name must exist. */
  public static List<String> byName(Dataset data, List<String> names) {
    List<String> out = new ArrayList<>();
    for (String n : names) {
      out.add(data.tenant(n.trim()).name());
    }
    return out;
  }
}
