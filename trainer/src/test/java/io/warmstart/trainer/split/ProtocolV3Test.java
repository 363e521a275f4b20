package io.warmstart.trainer.split;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warmstart.trainer.data.Dataset;
import io.warmstart.trainer.data.ItemContent;
import io.warmstart.trainer.data.TenantData;
import io.warmstart.trainer.data.TenantDataBuilder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Protocol v3's join time and folds (shared/data/README.md). */
class ProtocolV3Test {

  private static TenantData tenant(String name, long... times) {
    TenantDataBuilder b = new TenantDataBuilder(name);
    b.addItem(name + "-listed-only", ItemContent.EMPTY);
    for (int k = 0; k < times.length; k++) {
      b.addEvent("u" + k, name + "-i" + k, times[k]);
    }
    return b.build();
  }

  @Test
  void joinTimeIsTheElementAtHalfTheSortedTimestampsOfAllTenants() {
    Dataset d = new Dataset("d", List.of(tenant("a", 5, 1, 9), tenant("b", 7, 3)));
    // Sorted: 1 3 5 7 9; floor(5 / 2) = 2 -> 5.
    assertEquals(OptionalLong.of(5), JoinTime.median(d));
    Dataset even = new Dataset("d", List.of(tenant("a", 4, 1), tenant("b", 3, 2)));
    assertEquals(OptionalLong.of(3), JoinTime.median(even), "index floor(4 / 2) = 2 of 1 2 3 4");
  }

  @Test
  void noJoinTimeWhenAnyRowLacksATimestamp() {
    Dataset d = new Dataset("d", List.of(tenant("a", 5, 1), tenant("b", 7, TenantData.MISSING_TIME)));
    assertTrue(JoinTime.median(d).isEmpty());
    TenantData t = tenant("a", 5, 1);
    assertEquals(t, JoinTime.heldOutPart(t, OptionalLong.empty()));
    assertEquals(t, JoinTime.donorPart(t, OptionalLong.empty()));
  }

  @Test
  void heldOutTenantsKeepRowsFromTAndTheirWholeCatalogueDonorsRowsBeforeT() {
    TenantData t = tenant("a", 1, 8, 3, 5, 9);
    TenantData held = JoinTime.heldOutPart(t, OptionalLong.of(5));
    assertEquals(3, held.numInteractions());
    for (long ts : held.timestamps()) {
      assertTrue(ts >= 5);
    }
    assertEquals(t.itemIds(), held.itemIds(), "the catalogue stays whole, items of rows before T included");
    TenantData donor = JoinTime.donorPart(t, OptionalLong.of(5));
    assertEquals(2, donor.numInteractions());
    for (long ts : donor.timestamps()) {
      assertTrue(ts < 5);
    }
    assertEquals(List.of("a-i0", "a-i2"), donor.itemIds(), "a donor's catalogue is what existed before T");
  }

  @Test
  void foldsHoldOutEveryEligibleTenantExactlyOncePerSeed() {
    List<String> eligible = new ArrayList<>();
    for (int k = 0; k < 10; k++) {
      eligible.add("t" + k);
    }
    for (long seed = 1; seed <= 3; seed++) {
      List<List<String>> folds = Folds.of(eligible, seed, 4);
      assertEquals(4, folds.size());
      Set<String> seen = new HashSet<>();
      folds.forEach(f -> {
        assertTrue(f.size() == 2 || f.size() == 3, "near-equal folds: " + folds);
        f.forEach(t -> assertTrue(seen.add(t), t + " is held out twice"));
      });
      assertEquals(new HashSet<>(eligible), seen);
    }
    assertTrue(!Folds.of(eligible, 1, 4).equals(Folds.of(eligible, 2, 4)), "the seed shuffles");
    List<String> reversed = new ArrayList<>(eligible);
    java.util.Collections.reverse(reversed);
    assertEquals(Folds.of(eligible, 1, 4), Folds.of(reversed, 1, 4),
        "folds depend on the names, not on the order they come in");
  }

  @Test
  void foldsAreCutFromPythonsShuffleOfTheSortedNames() {
    // random.Random(1).shuffle(list("abcdefghij")) gives gijhfdaebc (PythonRandomTest); cut in 4.
    List<String> names = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
    assertEquals(List.of(List.of("g", "i"), List.of("f", "h", "j"), List.of("a", "d"), List.of("b", "c", "e")),
        Folds.of(names, 1, 4));
  }

  @Test
  void fewerThanEightEligibleTenantsAreLeftOutOneAtATime() {
    List<List<String>> folds = Folds.of(List.of("a", "b", "c", "d", "e", "f", "g"), 1, 4);
    assertEquals(7, folds.size());
    folds.forEach(f -> assertEquals(1, f.size()));
  }
}
