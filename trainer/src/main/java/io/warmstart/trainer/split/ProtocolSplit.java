package io.warmstart.trainer.split;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** The evaluation protocol of shared/data/README.md: support cutoffs and test users. */
public final class ProtocolSplit {
  /** "all" means the first 80%, and a fixed N that reaches 80% is skipped. */
  public static final double MAX_SUPPORT_FRACTION = 0.8;

  public static final int DEFAULT_MAX_TEST_USERS = 2000;

  private ProtocolSplit() {}

  /** Resolves support size labels to cutoffs for a tenant with {@code n} ordered events. */
  public static Map<String, Integer> cutoffs(List<String> sizes, int n) {
    Map<String, Integer> out = new LinkedHashMap<>();
    int all = (int) Math.floor(MAX_SUPPORT_FRACTION * n);
    for (String s : sizes) {
      String label = s.trim().toLowerCase();
      if (label.equals("all")) {
        if (all > 0) {
          out.put("all", all);
        }
      } else {
        int size = Integer.parseInt(label);
        if (size > 0 && size < MAX_SUPPORT_FRACTION * n) {
          out.put(label, size);
        }
      }
    }
    return out;
  }

  public static SupportSplit split(Events ordered, String label, int cutoff, int maxUsers, long seed) {
    return new SupportSplit(label, cutoff, ordered.prefix(cutoff), testUsers(ordered, cutoff, maxUsers, seed));
  }

  /**
   * Users with events after {@code cutoff}. Context = their events before the cutoff, or, for a new
   * user, their first event after it; targets = their later items not in the context.
   */
  public static List<TestUser> testUsers(Events ordered, int cutoff, int maxUsers, long seed) {
    Map<Integer, List<Integer>> before = new LinkedHashMap<>();
    Map<Integer, List<Integer>> after = new LinkedHashMap<>();
    for (int k = 0; k < ordered.size(); k++) {
      Map<Integer, List<Integer>> side = k < cutoff ? before : after;
      side.computeIfAbsent(ordered.users()[k], u -> new ArrayList<>()).add(ordered.items()[k]);
    }
    List<TestUser> users = new ArrayList<>();
    for (Map.Entry<Integer, List<Integer>> e : after.entrySet()) {
      List<Integer> past = before.get(e.getKey());
      List<Integer> future = e.getValue();
      boolean returning = past != null;
      List<Integer> context = returning ? past : future.subList(0, 1);
      List<Integer> targets = returning ? future : future.subList(1, future.size());
      // (user, item) pairs are unique after dedupe, so targets never repeat a context item.
      if (!targets.isEmpty()) {
        users.add(new TestUser(e.getKey(), toArray(context), toArray(targets), returning));
      }
    }
    if (users.size() > maxUsers) {
      users.sort((a, b) -> Integer.compare(a.user(), b.user()));
      Collections.shuffle(users, new Random(seed));
      users = new ArrayList<>(users.subList(0, maxUsers));
    }
    users.sort((a, b) -> Integer.compare(a.user(), b.user()));
    return users;
  }

  private static int[] toArray(List<Integer> list) {
    return list.stream().mapToInt(Integer::intValue).toArray();
  }
}
