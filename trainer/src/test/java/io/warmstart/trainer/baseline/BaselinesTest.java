package io.warmstart.trainer.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warmstart.trainer.data.Catalogue;
import io.warmstart.trainer.data.ItemContent;
import io.warmstart.trainer.eval.FitInput;
import io.warmstart.trainer.split.Events;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BaselinesTest {
  /** Users 0-2 take items {0, 1}; users 3-5 take items {2, 3}; user 6 takes item 0 only. */
  private static FitInput input() {
    int[] users = {0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6};
    int[] items = {0, 1, 0, 1, 0, 1, 2, 3, 2, 3, 2, 3, 0};
    List<String> ids = new ArrayList<>();
    List<ItemContent> content = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add("i" + i);
      content.add(ItemContent.EMPTY);
    }
    return new FitInput(new Catalogue("t", ids, content), new Events(users, items, new long[users.length]), 1);
  }

  @Test
  void popularityCountsSupportEvents() {
    Popularity p = new Popularity();
    p.fit(input());
    float[] s = p.score(List.of(new int[0]))[0];
    assertEquals(4f, s[0]);
    assertEquals(0f, s[4]);
  }

  @Test
  void itemKnnRecommendsCoOccurringItems() {
    ItemKnn knn = new ItemKnn(10);
    knn.fit(input());
    float[] s = knn.score(List.of(new int[] {2}))[0];
    assertTrue(s[3] > s[0] && s[3] > s[1], "item 3 co-occurs with item 2");
  }

  @Test
  void easeLearnsCoOccurrenceAndCapsItsSolve() {
    Ease ease = new Ease(1f, 2000);
    ease.fit(input());
    float[] s = ease.score(List.of(new int[] {0}))[0];
    assertTrue(s[1] > s[2] && s[1] > s[3], "item 1 co-occurs with item 0");
    assertTrue(Float.isNaN(s[4]), "unseen items cannot be scored and fall back to popularity");
    Ease capped = new Ease(1f, 2);
    capped.fit(input());
    float[] c = capped.score(List.of(new int[] {0}))[0];
    long scored = 0;
    for (float v : c) {
      scored += Float.isNaN(v) ? 0 : 1;
    }
    assertEquals(2, scored, "only the two most popular items enter the dense solve");
  }

  @Test
  void tunedBaselinePicksACandidateOnValidation() {
    ValidationTuned tuned = new ValidationTuned("knn", List.of(() -> new ItemKnn(1), () -> new ItemKnn(10)));
    tuned.fit(input());
    assertTrue(tuned.chosen().startsWith("itemknn"));
  }
}
