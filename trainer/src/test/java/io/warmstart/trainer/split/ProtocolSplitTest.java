package io.warmstart.trainer.split;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warmstart.trainer.data.ItemContent;
import io.warmstart.trainer.data.TenantData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProtocolSplitTest {
  private static TenantData tenant(int[] users, int[] items, long[] ts) {
    int nItems = Arrays.stream(items).max().orElse(0) + 1;
    int nUsers = Arrays.stream(users).max().orElse(0) + 1;
    List<String> itemIds = new ArrayList<>();
    List<ItemContent> content = new ArrayList<>();
    for (int i = 0; i < nItems; i++) {
      itemIds.add("i" + i);
      content.add(ItemContent.EMPTY);
    }
    List<String> userIds = new ArrayList<>();
    for (int u = 0; u < nUsers; u++) {
      userIds.add("u" + u);
    }
    return new TenantData("t", itemIds, content, userIds, users, items, ts);
  }

  @Test
  void ordersByTimeStablyAndKeepsFirstOccurrence() {
    TenantData t = tenant(new int[] {0, 1, 0, 2, 0}, new int[] {5, 6, 7, 8, 5}, new long[] {30, 10, 20, 10, 5});
    Events e = TimeOrder.order(t, 1);
    // Sorted: (0,5)@5, (1,6)@10, (2,8)@10 (file order kept on ties), (0,7)@20; (0,5)@30 is a repeat.
    assertArrayEquals(new int[] {0, 1, 2, 0}, e.users());
    assertArrayEquals(new int[] {5, 6, 8, 7}, e.items());
  }

  @Test
  void withoutTimestampsUsesASeededShuffle() {
    int n = 50;
    int[] users = new int[n];
    int[] items = new int[n];
    long[] ts = new long[n];
    for (int k = 0; k < n; k++) {
      users[k] = k;
      items[k] = k;
      ts[k] = TenantData.MISSING_TIME;
    }
    TenantData t = tenant(users, items, ts);
    assertArrayEquals(TimeOrder.order(t, 1).items(), TimeOrder.order(t, 1).items());
    assertFalse(Arrays.equals(TimeOrder.order(t, 1).items(), TimeOrder.order(t, 2).items()));
  }

  @Test
  void supportCutoffsSkipSizesReachingEightyPercent() {
    Map<String, Integer> c = ProtocolSplit.cutoffs(List.of("100", "500", "2000", "all"), 1000);
    assertEquals(Map.of("100", 100, "500", 500, "all", 800), c);
    assertEquals(List.of("100", "500", "all"), new ArrayList<>(c.keySet()));
    assertEquals(Map.of("all", 80), ProtocolSplit.cutoffs(List.of("100", "all"), 100));
  }

  @Test
  void newUsersGetTheirFirstInteractionAsContext() {
    // Events in time order; cutoff 3: users 0 and 1 have support events, user 2 is new.
    Events e = new Events(
        new int[] {0, 1, 0, 0, 2, 1, 2, 2, 3},
        new int[] {10, 11, 12, 13, 14, 15, 16, 17, 18},
        new long[9]);
    List<TestUser> users = ProtocolSplit.testUsers(e, 3, 100, 1);
    assertEquals(3, users.size(), "user 3 has a single post-cutoff event: no targets, dropped");
    TestUser returning = users.get(0);
    assertTrue(returning.returning());
    assertArrayEquals(new int[] {10, 12}, returning.context());
    assertArrayEquals(new int[] {13}, returning.targets());
    TestUser newcomer = users.get(2);
    assertFalse(newcomer.returning());
    assertArrayEquals(new int[] {14}, newcomer.context());
    assertArrayEquals(new int[] {16, 17}, newcomer.targets());
  }

  @Test
  void supportIsExactlyTheFirstNEventsAndTestUsersAreCappedDeterministically() {
    int n = 400;
    int[] users = new int[n];
    int[] items = new int[n];
    for (int k = 0; k < n; k++) {
      users[k] = k % 100;
      items[k] = k;
    }
    Events e = new Events(users, items, new long[n]);
    SupportSplit s = ProtocolSplit.split(e, "100", 100, 30, 7);
    assertArrayEquals(Arrays.copyOf(items, 100), s.support().items());
    assertEquals(30, s.testUsers().size());
    assertEquals(s.testUsers().stream().map(TestUser::user).toList(),
        ProtocolSplit.split(e, "100", 100, 30, 7).testUsers().stream().map(TestUser::user).toList());
    for (TestUser u : s.testUsers()) {
      for (int t : u.targets()) {
        assertTrue(t >= 100, "targets come after the cutoff");
      }
    }
  }

  @Test
  void holdoutNeedsThreeHundredInteractionsAndFiftyItems() {
    int[] users = new int[300];
    int[] items = new int[300];
    for (int k = 0; k < 300; k++) {
      users[k] = k;
      items[k] = k % 50;
    }
    assertTrue(HoldoutSelector.eligible(tenant(users, items, new long[300])));
    assertFalse(HoldoutSelector.eligible(tenant(Arrays.copyOf(users, 299), Arrays.copyOf(items, 299), new long[299])));
    int[] fewItems = items.clone();
    fewItems[49] = 0;
    for (int k = 0; k < 300; k++) {
      fewItems[k] = k % 49;
    }
    assertFalse(HoldoutSelector.eligible(tenant(users, fewItems, new long[300])));
  }
}
