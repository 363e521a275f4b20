package io.warmstart.trainer.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.warmstart.trainer.data.Catalogue;
import io.warmstart.trainer.data.ItemContent;
import io.warmstart.trainer.eval.FitInput;
import io.warmstart.trainer.split.Events;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** recpop and popcooc exactly as protocol v3 specifies them. */
class SimpleBaselinesV3Test {
  private static final Catalogue FOUR = new Catalogue("t", List.of("a", "b", "c", "d"), Collections.nCopies(4, ItemContent.EMPTY));
  // users 0,0,1,1,2 take items a,b,a,c,b (time order)
  private static final Events SUPPORT = new Events(new int[] {0, 0, 1, 1, 2}, new int[] {0, 1, 0, 2, 1}, new long[5]);

  @Test
  void recpopDecaysByPositionFromTheEndOfTheSupport() {
    RecencyPopularity r = new RecencyPopularity();
    r.fit(new FitInput(FOUR, SUPPORT, 1));
    // N = 5: the p-th event weighs exp(-(4 - p) / 2.5).
    float a = (float) (Math.exp(-4 / 2.5) + Math.exp(-2 / 2.5));
    float b = (float) (Math.exp(-3 / 2.5) + Math.exp(0));
    float c = (float) Math.exp(-1 / 2.5);
    assertArrayEquals(new float[] {a, b, c, 0}, r.score(List.of(new int[0]))[0], 1e-6f);
  }

  @Test
  void popcoocAddsHalfTheCooccurrencesWithTheContext() {
    PopularityCooccurrence p = new PopularityCooccurrence();
    p.fit(new FitInput(FOUR, SUPPORT, 1));
    // counts a2 b2 c1 d0; co(a,b) = 1 (user 0), co(a,c) = 1 (user 1), co(b,c) = 0.
    assertArrayEquals(new float[] {2, 2, 1, 0}, p.score(List.of(new int[0]))[0]);
    assertArrayEquals(new float[] {2, 2.5f, 1.5f, 0}, p.score(List.of(new int[] {0}))[0],
        "context a: its own co-occurrence is zeroed, b and c gain 0.5 each");
    assertArrayEquals(new float[] {3, 2, 1, 0}, p.score(List.of(new int[] {1, 2}))[0], "context b, c: a gains 0.5 from each; b and c never met");
    assertArrayEquals(new float[] {2, 2, 1, 0}, p.score(List.of(new int[] {3}))[0], "an item outside the support adds nothing");
  }
}
