package io.warmstart.trainer.baseline;

import io.warmstart.trainer.split.Events;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The support as sparse user->items and item->users lists, shared by the neighbourhood baselines. */
final class SupportMatrix {
  final List<int[]> userItems = new ArrayList<>();
  final int[][] itemUsers;
  final int[] itemCount;

  SupportMatrix(Events support, int numItems) {
    Map<Integer, List<Integer>> byUser = new HashMap<>();
    itemCount = new int[numItems];
    for (int k = 0; k < support.size(); k++) {
      byUser.computeIfAbsent(support.users()[k], u -> new ArrayList<>()).add(support.items()[k]);
      itemCount[support.items()[k]]++;
    }
    List<List<Integer>> iu = new ArrayList<>();
    for (int i = 0; i < numItems; i++) {
      iu.add(null);
    }
    for (List<Integer> items : byUser.values()) {
      int u = userItems.size();
      userItems.add(items.stream().mapToInt(Integer::intValue).toArray());
      for (int i : items) {
        if (iu.get(i) == null) {
          iu.set(i, new ArrayList<>());
        }
        iu.get(i).add(u);
      }
    }
    itemUsers = new int[numItems][];
    for (int i = 0; i < numItems; i++) {
      List<Integer> l = iu.get(i);
      itemUsers[i] = l == null ? new int[0] : l.stream().mapToInt(Integer::intValue).toArray();
    }
  }
}
