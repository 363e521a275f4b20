package io.warmstart.trainer.artifact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warmstart.trainer.data.Catalogue;
import io.warmstart.trainer.data.ItemContent;
import io.warmstart.trainer.model.CatalogueContent;
import io.warmstart.trainer.split.Events;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The inputs added for warm starts: co-occurrence neighbours, popularity horizons, item ages. */
class ModelInputsTest {

  @Test
  void neighboursCountCoOccurrencesInUsersHistories() {
    // users 0: a b c, 1: a b, 2: b d
    int[] users = {0, 0, 0, 1, 1, 2, 2};
    int[] items = {0, 1, 2, 0, 1, 1, 3};
    CoNeighbours n = CoNeighbours.of(users, items, 5);
    assertArrayEquals(new int[] {1, 2}, n.items()[0], "a: b twice, then c");
    assertArrayEquals(new float[] {2, 1}, n.counts()[0]);
    assertArrayEquals(new int[] {0, 2, 3}, n.items()[1]);
    assertEquals(0, n.items()[4].length, "an item nobody took has no neighbour");
    Map<Integer, Float> around = n.around(new int[] {0, 3}, 20);
    assertEquals(Map.of(1, 3f, 2, 1f), around, "b: 2 with a and 1 with d; c: 1 with a");
    assertEquals(Map.of(1, 1f), n.around(new int[] {0, 3}, 1), "only the most recent context item counts");
    assertEquals((float) Math.log1p(3), CoNeighbours.feature(3));
  }

  @Test
  void horizonsDecayByPositionFromTheNewestEvent() {
    ModelConfig cfg = ModelConfig.defaults();
    // 8 events: item 0 early, item 1 at the end; with half-life N/8 = 1 event the early one fades.
    int[] items = {0, 0, 0, 0, 2, 2, 2, 1};
    float[][] f = ItemFeatures.compute(items, 3, new int[][] {{}, {}, {}}, cfg);
    int h = ItemFeatures.NAMES.length;
    assertEquals(1f, f[1][h], 1e-6, "the newest item has the largest short-horizon count");
    assertTrue(f[0][h] < f[2][h] && f[2][h] < 1f, java.util.Arrays.toString(f[0]));
    assertTrue(f[0][h + 2] > f[0][h], "a longer horizon forgets the early item less");
    assertEquals(ItemFeatures.count(cfg), f[0].length);
  }

  @Test
  void yearsBecomeAgesAtTheNewestEventNotTokens() {
    ModelConfig cfg = ModelConfig.defaults();
    assertEquals(1995, ItemTokens.year("Heat (1995)"));
    assertEquals(2017, ItemTokens.year("Blade Runner 2049 (2017)"), "the last year wins");
    assertEquals(ItemTokens.NO_YEAR, ItemTokens.year("Area 51x"));
    assertEquals(ItemTokens.tokenIds("Heat", List.of("crime"), List.of(), cfg).length,
        ItemTokens.tokenIds("Heat (1995)", List.of("crime"), List.of(), cfg).length, "no year or decade token");
    ModelConfig absolute = ModelConfig.without(List.of("relative-years"));
    assertEquals(4, ItemTokens.tokenIds("Heat (1995)", List.of("crime"), List.of(), absolute).length,
        "c:crime, w:heat, y:1995, d:199");

    Catalogue c = new Catalogue("t", List.of("a", "b", "c"), List.of(new ItemContent("Old (1990)", List.of(), List.of()),
        new ItemContent("New (2020)", List.of(), List.of()), new ItemContent("Untitled", List.of(), List.of())));
    long in2019 = java.time.Instant.parse("2019-06-01T00:00:00Z").getEpochSecond();
    Events seen = new Events(new int[] {0}, new int[] {0}, new long[] {in2019});
    float[][] f = ItemFeatures.compute(seen, CatalogueContent.of(c, cfg), cfg);
    int a = ItemFeatures.NAMES.length + ItemFeatures.HORIZON_NAMES.length;
    assertEquals(1f, f[0][a + 6], "29 years old: 21+");
    assertEquals(1f, f[1][a], "released after the newest event: future");
    for (int k = 0; k < ItemFeatures.AGE_NAMES.length; k++) {
      assertEquals(0f, f[2][a + k], "no year, no age");
    }
    Events untimed = new Events(new int[] {0}, new int[] {0}, new long[] {io.warmstart.trainer.data.TenantData.MISSING_TIME});
    float[][] g = ItemFeatures.compute(untimed, CatalogueContent.of(c, cfg), cfg);
    assertEquals(0f, g[0][a + 6], "without a time there is no age");
  }
}
