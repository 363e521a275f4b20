package io.warmstart.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.warmstart.trainer.split.Events;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MetricsTest {
  @Test
  void perfectRankerScoresOne() {
    int[] targets = {7, 3, 9};
    int[] ranked = {3, 9, 7, 1, 2, 4, 5, 6, 8, 0};
    assertEquals(1.0, Metrics.ndcg(ranked, targets, 10), 1e-12);
    assertEquals(1.0, Metrics.recall(ranked, targets, 20), 1e-12);
    assertEquals(1.0, Metrics.hitRate(ranked, targets, 10), 1e-12);
  }

  @Test
  void perfectRankerWithMoreTargetsThanKStillScoresOne() {
    int[] targets = new int[15];
    int[] ranked = new int[15];
    for (int i = 0; i < 15; i++) {
      targets[i] = i;
      ranked[i] = 14 - i;
    }
    assertEquals(1.0, Metrics.ndcg(ranked, targets, 10), 1e-12);
  }

  @Test
  void singleHitAtRankTwoHasKnownNdcg() {
    assertEquals(1 / (Math.log(3) / Math.log(2)), Metrics.ndcg(new int[] {5, 1, 6}, new int[] {1}, 10), 1e-12);
    assertEquals(0.0, Metrics.ndcg(new int[] {5, 6}, new int[] {1}, 10), 1e-12);
  }

  @Test
  void randomRankerIsNearItsExpectation() {
    int n = 200;
    int[] targets = {0, 1, 2, 3, 4};
    Random r = new Random(42);
    List<Integer> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      items.add(i);
    }
    double sum = 0;
    int trials = 20000;
    for (int t = 0; t < trials; t++) {
      Collections.shuffle(items, r);
      sum += Metrics.ndcg(items.stream().limit(10).mapToInt(Integer::intValue).toArray(), targets, 10);
    }
    double expected = Metrics.expectedRandomNdcg(n, targets.length, 10);
    assertEquals(expected, sum / trials, 0.1 * expected);
  }

  @Test
  void rankingBreaksTiesAndUnscorableItemsBySupportPopularityThenId() {
    // Support popularity: item 2 (x3), item 0 (x2), item 4 (x1); items 1 and 3 unseen.
    Events support = new Events(new int[] {0, 1, 2, 3, 4, 5}, new int[] {2, 2, 2, 0, 0, 4}, new long[6]);
    Ranking ranking = Ranking.fromSupport(support, 5);
    float nan = Float.NaN;
    assertArrayEquals(new int[] {2, 0, 4, 1, 3}, ranking.topK(new float[] {nan, nan, nan, nan, nan}, new int[0], 5));
    assertArrayEquals(new int[] {3, 2, 4, 1}, ranking.topK(new float[] {0, 0, 0, 5, 0}, new int[] {0}, 5));
  }
}
