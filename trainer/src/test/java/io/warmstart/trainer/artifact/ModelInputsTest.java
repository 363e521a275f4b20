package io.warmstart.trainer.artifact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The inputs added for warm starts: co-occurrence neighbours and popularity horizons. */
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
}
