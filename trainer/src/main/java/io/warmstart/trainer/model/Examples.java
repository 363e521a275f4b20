package io.warmstart.trainer.model;

import io.warmstart.trainer.split.Events;
import io.warmstart.trainer.split.TestUser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Next-item training examples: the user's previous items (at most K, time order) and the item
 * they took next. Built from events (inside a support) or from protocol test users (a query).
 */
public record Examples(List<int[]> contexts, int[] targets) {

  public int size() {
    return targets.length;
  }

  /** One example per event; an event with no earlier item of its user has an empty context. */
  public static Examples fromEvents(Events events, int maxContext) {
    return fromEvents(events, maxContext, 0, events.size());
  }

  /** Examples for events [from, to); contexts still see every earlier event of the user. */
  public static Examples fromEvents(Events events, int maxContext, int from, int to) {
    Map<Integer, List<Integer>> history = new HashMap<>();
    List<int[]> contexts = new ArrayList<>();
    int[] targets = new int[to - from];
    for (int k = 0; k < to; k++) {
      List<Integer> h = history.computeIfAbsent(events.users()[k], u -> new ArrayList<>());
      if (k >= from) {
        int start = Math.max(0, h.size() - maxContext);
        contexts.add(h.subList(start, h.size()).stream().mapToInt(Integer::intValue).toArray());
        targets[k - from] = events.items()[k];
      }
      h.add(events.items()[k]);
    }
    return new Examples(contexts, targets);
  }

  /**
   * The protocol's own query for meta-learning: one example per (test user, target), at most
   * {@code perUser} targets per user spread over their later items. The metric averages over users,
   * so a user with hundreds of later items must not outweigh hundreds of users with a few.
   */
  public static Examples fromTestUsers(List<TestUser> users, int perUser) {
    List<int[]> contexts = new ArrayList<>();
    List<Integer> targets = new ArrayList<>();
    for (TestUser u : users) {
      int n = u.targets().length;
      int take = Math.min(n, perUser);
      for (int k = 0; k < take; k++) {
        contexts.add(u.context());
        targets.add(u.targets()[(int) ((long) k * n / take)]);
      }
    }
    return new Examples(contexts, targets.stream().mapToInt(Integer::intValue).toArray());
  }
}
