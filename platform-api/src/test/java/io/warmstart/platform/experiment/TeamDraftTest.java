package io.warmstart.platform.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TeamDraftTest {

  @Test
  void mergesWithoutRepeatsAndKeepsEachTeamsOrder() {
    SplittableRandom coin = new SplittableRandom(7);
    for (int trial = 0; trial < 1000; trial++) {
      int[] control = {1, 2, 3, 4, 5, 6};
      int[] treatment = {3, 1, 7, 8, 2, 9};
      TeamDraft.Interleaved merged = TeamDraft.interleave(control, treatment, 6, coin);
      assertEquals(6, merged.size());
      Set<Integer> seen = new HashSet<>();
      int controlPicks = 0;
      int lastControlRank = -1;
      int lastTreatmentRank = -1;
      for (int i = 0; i < merged.size(); i++) {
        assertTrue(seen.add(merged.items()[i]), "no item twice");
        int[] own = merged.teams()[i] == TeamDraft.CONTROL ? control : treatment;
        int rank = indexOf(own, merged.items()[i]);
        assertTrue(rank >= 0, "a team places only its own items");
        if (merged.teams()[i] == TeamDraft.CONTROL) {
          assertTrue(rank > lastControlRank, "a team picks in its own order");
          lastControlRank = rank;
          controlPicks++;
        } else {
          assertTrue(rank > lastTreatmentRank);
          lastTreatmentRank = rank;
        }
      }
      assertEquals(3, controlPicks, "teams pick in turns");
    }
  }

  @Test
  void oneRankingRunningOutLetsTheOtherFillTheList() {
    TeamDraft.Interleaved merged = TeamDraft.interleave(new int[] {1}, new int[] {2, 3, 4, 5}, 4, new SplittableRandom(1));
    assertEquals(4, merged.size());
    assertEquals(Set.of(1, 2, 3, 4), Set.of(merged.items()[0], merged.items()[1], merged.items()[2], merged.items()[3]));
    TeamDraft.Interleaved empty = TeamDraft.interleave(new int[0], new int[0], 10, new SplittableRandom(1));
    assertArrayEquals(new int[0], empty.items());
  }

  @Test
  void identicalRankersSplitContestedClicksEvenlyUnderPositionBias() {
    // Same rankers, strong position bias (1/rank), users who differ tenfold in how much they click.
    ExperimentSimulator.Outcome outcome = ExperimentSimulator.interleaving(40_000, 0.1, 0.1, 11);
    assertTrue(Math.abs(outcome.z()) < 3, "z = " + outcome.z() + ": credit must not favour a team by position");
    long falsePositives = 0;
    for (int seed = 0; seed < 40; seed++) {
      if (ExperimentSimulator.interleaving(2_000, 0.1, 0.1, 100 + seed).pValue() < 0.05) {
        falsePositives++;
      }
    }
    assertTrue(falsePositives <= 6, falsePositives + " of 40 identical-ranker experiments significant at 0.05");
  }

  @Test
  void aBetterRankerIsDetected() {
    ExperimentSimulator.Outcome better = ExperimentSimulator.interleaving(10_000, 0.1, 0.0679, 5);
    assertTrue(better.detected(), "z = " + better.z() + ", p = " + better.pValue());
    ExperimentSimulator.Outcome worse = ExperimentSimulator.interleaving(10_000, 0.0679, 0.1, 5);
    assertTrue(worse.z() < 0 && worse.pValue() < 0.05, "a worse treatment loses: z = " + worse.z());
  }

  private static int indexOf(int[] values, int value) {
    for (int i = 0; i < values.length; i++) {
      if (values[i] == value) {
        return i;
      }
    }
    return -1;
  }
}
