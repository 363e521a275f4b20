package io.warmstart.trainer.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import io.warmstart.trainer.artifact.Blend;
import io.warmstart.trainer.artifact.ModelArtifact;
import io.warmstart.trainer.artifact.ScoringFunction;
import io.warmstart.trainer.artifact.ServingModel;
import io.warmstart.trainer.data.Catalogue;
import io.warmstart.trainer.data.ItemContent;
import io.warmstart.trainer.data.SyntheticGenerator;
import io.warmstart.trainer.data.TenantData;
import io.warmstart.trainer.data.TenantDataBuilder;
import io.warmstart.trainer.eval.ValidationSlice;
import io.warmstart.trainer.model.Parameters;
import io.warmstart.trainer.policy.ServingEvidence;
import io.warmstart.trainer.split.TimeOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenantAdapterTest {
  /** The structured tenant AdaptationTest uses: topics in content, users mostly within one topic. */
  private static TenantData structured() {
    return new SyntheticGenerator(7).generate(1, 3000, 3000, true).tenants().get(0);
  }

  /**
   * An adapted model of another tenant that serves popularity (blend weight 0): none of its item ids
   * exist in {@link #structured()}.
   */
  private static byte[] foreignModel() throws Exception {
    TenantData other = new SyntheticGenerator(5).generate(2, 400, 400, true).tenants().get(1);
    byte[] bytes = TenantAdapter.adapt(null, null, null, other, 1, null, 0).artifact();
    try (NDManager m = NDManager.newBaseManager()) {
      ModelArtifact a = ModelArtifact.read(bytes, m);
      a.metadata().getAsJsonObject("serving").addProperty("lambda", "0");
      return a.toBytes();
    }
  }

  @Test
  void promotesAnAdaptedModelThenRejectsAnUnadaptedOneAgainstIt() throws Exception {
    TenantData t = structured();
    List<Double> fractions = new ArrayList<>();
    // The incumbent (0 steps on another tenant) is guarded: it serves popularity, which on the same
    // inputs is popularity of the validation slice's training part.
    TenantAdapter.Outcome first = TenantAdapter.adapt(null, null, foreignModel(), t, 1, (f, m) -> fractions.add(f));
    System.out.println("first: " + first.reason() + ", " + first.steps() + " steps, " + first.seconds() + " s");
    assertTrue(first.promote(), first.reason());
    assertFalse(first.guarded());
    assertEquals(first.popularityValidationNdcg(), first.incumbentValidationNdcg(), 1e-12,
        "a model that knows no item of the catalogue ranks exactly as popularity");
    assertTrue(first.reason().startsWith("NDCG@10") && first.reason().contains("promoted model")
        && first.reason().contains("held back for testing"), first.reason());
    assertTrue(first.validationUsers() > 0);
    assertEquals(3000, t.numInteractions());
    assertEquals(t.numItems(), first.items());
    assertEquals(1_500_000_000L, first.firstTimestamp());
    assertEquals(sorted(fractions), fractions, "progress only moves forward");
    assertEquals(1.0, fractions.get(fractions.size() - 1));

    try (NDManager m = NDManager.newBaseManager()) {
      ModelArtifact a = ModelArtifact.read(first.artifact(), m);
      assertEquals(ModelArtifact.KIND_ADAPTED, a.kind());
      assertEquals("scratch", a.metadata().get("method").getAsString());
      JsonObject decision = a.metadata().getAsJsonObject("decision");
      assertTrue(decision.get("promote").getAsBoolean());
      assertEquals(first.reason(), decision.get("reason").getAsString());
      assertEquals(first.incumbentValidationNdcg(), a.metadata().getAsJsonObject("metrics").get("incumbent_val_ndcg@10").getAsDouble());
      assertEquals(TenantAdapter.SAME_INPUTS, decision.get("incumbent_scoring").getAsString());
    }

    TenantAdapter.Outcome weaker = TenantAdapter.adapt(null, null, first.artifact(), t, 1, null, 0);
    System.out.println("weaker: " + weaker.reason());
    assertEquals(0, weaker.steps());
    assertFalse(weaker.promote(), weaker.reason());
    assertTrue(weaker.reason().startsWith("rejected: "), weaker.reason());
    assertTrue(weaker.reason().contains("promoted model") && !weaker.reason().contains("favours"), weaker.reason());
    assertTrue(weaker.incumbentValidationNdcg() > weaker.validationNdcg(), weaker.reason());
    try (NDManager m = NDManager.newBaseManager()) {
      JsonObject decision = ModelArtifact.read(weaker.artifact(), m).metadata().getAsJsonObject("decision");
      assertFalse(decision.get("promote").getAsBoolean());
      assertTrue(decision.get("incumbent_data_overlaps_validation").getAsBoolean(), "the incumbent was built from all of these events");
      assertEquals(TenantAdapter.SAME_INPUTS, decision.get("incumbent_scoring").getAsString());
    }
    assertRuleHolds(weaker);
    assertRuleHolds(first);
  }

  /** Per tenant (no evidence): promote iff the guard passed and the model beats the incumbent on the same users. */
  private static void assertRuleHolds(TenantAdapter.Outcome o) {
    boolean expected = o.validationNdcg() != null && !o.guarded()
        && (o.incumbentValidationNdcg() == null || o.validationNdcg() > o.incumbentValidationNdcg());
    assertEquals(expected, o.promote(), o.reason());
  }

  @Test
  void perTenantRuleCoversEveryCase() {
    ServingRule.TestHalf none = half(new double[0], new double[0], null);
    assertEquals("rejected: no validation users (tenant too small)", ServingRule.perTenant(true, null, none).reason());
    ServingRule.TestHalf better = half(new double[] {0.3, 0.2}, new double[] {0.1, 0.1}, null);
    assertFalse(ServingRule.perTenant(true, 0.2, better).promote(), "a fired guard rejects");
    assertTrue(ServingRule.perTenant(true, 0.2, better).reason().contains("does not beat popularity's 0.1000 with confidence"));
    ServingRule.Decision alone = ServingRule.perTenant(false, 0.2, better);
    assertTrue(alone.promote());
    assertEquals(Blend.MODEL_ONLY, alone.lambda());
    assertEquals("NDCG@10 0.2500 beats popularity 0.1000 on the 2 users held back for testing", alone.reason());
    ServingRule.Decision tie = ServingRule.perTenant(false, 0.2, half(new double[] {0.3, 0.2}, new double[] {0.1, 0.1},
        new double[] {0.2, 0.3}));
    assertFalse(tie.promote(), "a tie keeps the incumbent");
    assertEquals("rejected: NDCG@10 0.2500 on the 2 users held back for testing does not beat the promoted model's 0.2500",
        tie.reason());
    assertTrue(ServingRule.perTenant(false, 0.2, half(new double[] {0.3, 0.2}, new double[] {0.1, 0.1},
        new double[] {0.1, 0.2})).promote());
  }

  @Test
  void evidenceRuleServesWhatWasMeasuredForTenantsOfThisSize() {
    ServingEvidence evidence = new ServingEvidence(List.of(
        new ServingEvidence.Entry(50, 12, 900, 0.20, 0.21, 0.5, 0, 1.04, 0.98, 1.10, 7, 4),
        new ServingEvidence.Entry(100, 12, 900, 0.22, 0.25, 1, 1, 1.14, 1.06, 1.22, 10, 2),
        new ServingEvidence.Entry(500, 2, 100, 0.30, 0.40, 2, 0, 1.30, 1.20, 1.40, 2, 0)));
    double[] pop = {0.1, 0.2, 0.1, 0.2};
    ServingRule.TestHalf fine = half(new double[] {0.2, 0.2, 0.1, 0.3}, pop, null);
    ServingRule.Decision early = ServingRule.withEvidence(evidence, 40, fine);
    assertFalse(early.promote());
    assertTrue(early.reason().contains("no evidence yet for tenants of 40 events"), early.reason());
    ServingRule.Decision fifty = ServingRule.withEvidence(evidence, 80, fine);
    assertFalse(fifty.promote(), "at 50-99 events the interval reaches below 1: popularity");
    assertTrue(fifty.reason().startsWith("rejected: at your size models did no better than popularity"), fifty.reason());
    ServingRule.Decision hundred = ServingRule.withEvidence(evidence, 700, fine);
    assertTrue(hundred.promote(), "500 was measured on too few tenants, so 100 decides");
    assertEquals(1.0, hundred.lambda());
    assertEquals("expected +14% NDCG@10 over popularity (95% interval +6% to +22%), measured on 12 held-out tenants at "
        + "your size (100+ events); serving popularity + 1 x model", hundred.reason());
    ServingRule.TestHalf worse = half(new double[] {0, 0, 0, 0.05}, new double[] {0.3, 0.2, 0.3, 0.2}, null);
    ServingRule.Decision vetoed = ServingRule.withEvidence(evidence, 150, worse);
    assertFalse(vetoed.promote());
    assertTrue(vetoed.reason().startsWith("rejected by the safety net"), vetoed.reason());
    ServingRule.TestHalf belowIncumbent = half(new double[] {0.2, 0.2, 0.1, 0.3}, pop, new double[] {0.5, 0.6, 0.5, 0.6});
    assertFalse(ServingRule.withEvidence(evidence, 150, belowIncumbent).promote());
    ServingRule.TestHalf nearIncumbent = half(new double[] {0.2, 0.2, 0.1, 0.3}, pop, new double[] {0.3, 0.1, 0.2, 0.2});
    assertTrue(ServingRule.withEvidence(evidence, 150, nearIncumbent).promote(), "only a confident loss to the incumbent vetoes");
    ServingRule.TestHalf sameData = new ServingRule.TestHalf(new double[] {0.2, 0.2, 0.1, 0.3}, pop, new double[] {0.2, 0.2, 0.1, 0.3},
        null, 150);
    ServingRule.Decision again = ServingRule.withEvidence(evidence, 150, sameData);
    assertFalse(again.promote(), "the same data again, no better: nothing to gain");
    assertTrue(again.reason().contains("no more events than the promoted model (150)"), again.reason());
    ServingRule.TestHalf slightlyBetter = new ServingRule.TestHalf(new double[] {0.21, 0.2, 0.1, 0.3}, pop,
        new double[] {0.2, 0.2, 0.1, 0.3}, null, 150);
    assertFalse(ServingRule.withEvidence(evidence, 150, slightlyBetter).promote(),
        "on the same data a tie with noise is not a reason to swap models");
    ServingRule.TestHalf clearlyBetter = new ServingRule.TestHalf(new double[] {0.4, 0.5, 0.3, 0.5}, pop,
        new double[] {0.2, 0.2, 0.1, 0.3}, null, 150);
    assertTrue(ServingRule.withEvidence(evidence, 150, clearlyBetter).promote(), "a confident gain on the same data is served");
  }

  private static ServingRule.TestHalf half(double[] candidate, double[] popularity, double[] incumbent) {
    return new ServingRule.TestHalf(candidate, popularity, incumbent, null, 0);
  }

  @Test
  void reAdaptingTheSameDataTiesWithItsOwnArtifact() throws Exception {
    TenantData t = structured();
    TenantAdapter.Outcome before = TenantAdapter.adapt(null, null, null, t, 1, null);
    long start = System.nanoTime();
    TenantAdapter.Outcome again = TenantAdapter.adapt(null, null, before.artifact(), t, 1, null);
    System.out.printf(Locale.ROOT, "same data: %s (%.1f s; first %.4f)%n", again.reason(), (System.nanoTime() - start) / 1e9,
        before.validationNdcg());
    assertFalse(again.guarded(), again.reason());
    // Identical parameters on identical inputs: the same number, so the candidate is not strictly better.
    assertEquals(again.validationNdcg(), again.incumbentValidationNdcg(), 1e-9, again.reason());
    assertFalse(again.promote(), again.reason());
    assertTrue(again.reason().startsWith("rejected: ") && again.reason().contains("promoted model"), again.reason());
    assertRuleHolds(again);
    // What the old comparison saw: the same model as served, its features computed on all events.
    ValidationSlice slice = ValidationSlice.of(TimeOrder.order(t, 1), 1).halves(1)[1];
    double asServed = slice.ndcg(new ServingModelRecommender(ServingModel.read(before.artifact()), Catalogue.of(t)), Catalogue.of(t));
    System.out.printf(Locale.ROOT, "same data: incumbent as served %.4f vs re-scored %.4f%n", asServed, again.incumbentValidationNdcg());
    try (NDManager m = NDManager.newBaseManager()) {
      JsonObject decision = ModelArtifact.read(again.artifact(), m).metadata().getAsJsonObject("decision");
      assertEquals(TenantAdapter.SAME_INPUTS, decision.get("incumbent_scoring").getAsString());
      assertFalse(decision.get("promote").getAsBoolean());
    }
  }

  @Test
  void anIncumbentFromTheFirst70PercentIsComparedOnTheSameInputs() throws Exception {
    TenantData t = structured();
    TenantData early = firstEvents(t, 0.7);
    TenantAdapter.Outcome incumbent = TenantAdapter.adapt(null, null, null, early, 1, null);
    long[] at = new long[2];
    TenantAdapter.Outcome candidate = TenantAdapter.adapt(null, null, incumbent.artifact(), t, 1, (f, m) -> {
      if (f == 0.0 || f == 0.1) {
        at[f == 0.0 ? 0 : 1] = System.nanoTime();
      }
    });
    System.out.printf(Locale.ROOT, "70%% -> 100%%: incumbent %d events / %d items (own val %.4f), candidate %d events / %d items:"
        + " candidate %.4f, incumbent re-scored %.4f (%.2f s with ordering), popularity %.4f -> %s%n",
        incumbent.events(), incumbent.items(),
        incumbent.validationNdcg(), candidate.events(), candidate.items(), candidate.validationNdcg(),
        candidate.incumbentValidationNdcg(), (at[1] - at[0]) / 1e9, candidate.popularityValidationNdcg(), candidate.reason());
    assertTrue(incumbent.items() < candidate.items(), "later events bring items the incumbent never knew");
    assertTrue(candidate.incumbentValidationNdcg() != null);
    assertRuleHolds(candidate);
    assertEquals(!candidate.guarded() && candidate.validationNdcg() > candidate.incumbentValidationNdcg(), candidate.promote());
    try (NDManager m = NDManager.newBaseManager()) {
      JsonObject decision = ModelArtifact.read(candidate.artifact(), m).metadata().getAsJsonObject("decision");
      assertEquals(TenantAdapter.SAME_INPUTS, decision.get("incumbent_scoring").getAsString());
    }
  }

  /** The tenant's first {@code fraction} of events by time, with the items they touch. */
  private static TenantData firstEvents(TenantData t, double fraction) {
    Integer[] order = new Integer[t.numInteractions()];
    for (int k = 0; k < order.length; k++) {
      order[k] = k;
    }
    java.util.Arrays.sort(order, (a, b) -> Long.compare(t.timestamps()[a], t.timestamps()[b]));
    TenantDataBuilder b = new TenantDataBuilder(t.name());
    for (int r = 0; r < (int) (fraction * order.length); r++) {
      int k = order[r];
      int item = t.items()[k];
      b.addEvent(t.userIds().get(t.users()[k]), t.itemIds().get(item), t.timestamps()[k]);
      b.addItem(t.itemIds().get(item), t.content().get(item));
    }
    return b.build();
  }

  @Test
  void anIncumbentWhoseTensorsDoNotFitItsConfigIsScoredAsServed() throws Exception {
    TenantData t = new SyntheticGenerator(3).generate(1, 600, 600, true).tenants().get(0);
    byte[] bytes = TenantAdapter.adapt(null, null, null, t, 1, null, 5).artifact();
    byte[] odd;
    try (NDManager m = NDManager.newBaseManager()) {
      ModelArtifact a = ModelArtifact.read(bytes, m);
      JsonObject meta = a.metadata().deepCopy();
      // Its config says half the token buckets: today's tokens could not be hashed as it was trained.
      meta.getAsJsonObject("config").addProperty("hashBuckets", a.config().hashBuckets() / 2);
      meta.getAsJsonObject("guard").addProperty("guarded", false);
      odd = new ModelArtifact(meta, a.parameters(), a.items()).toBytes();
    }
    TenantAdapter.Outcome o = TenantAdapter.adapt(null, null, odd, t, 1, null, 0);
    assertTrue(o.incumbentValidationNdcg() != null);
    assertRuleHolds(o);
    try (NDManager m = NDManager.newBaseManager()) {
      JsonObject decision = ModelArtifact.read(o.artifact(), m).metadata().getAsJsonObject("decision");
      assertEquals(TenantAdapter.AS_SERVED, decision.get("incumbent_scoring").getAsString());
      assertTrue(decision.get("incumbent_scoring_note").getAsString().contains("token"), decision.toString());
    }
  }

  @Test
  void incumbentResidualRowsFollowItemIds() {
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, NDArray> adapted = new LinkedHashMap<>();
      adapted.put(ScoringFunction.SCALE, m.ones(new Shape(1)));
      // Three items a, b, c (rows 0-2) and the unknown-item row 3.
      adapted.put(ScoringFunction.RESIDUAL, m.create(new float[] {1, 1, 2, 2, 3, 3, 9, 9}, new Shape(4, 2)));
      // Today: c, a new item, a (b is gone).
      try (Parameters p = Parameters.remapped(m, adapted, new int[] {2, -1, 0})) {
        assertArrayEquals(new float[] {3, 3, 0, 0, 1, 1, 9, 9}, p.get(ScoringFunction.RESIDUAL).toFloatArray());
        assertEquals(new Shape(4, 2), p.get(ScoringFunction.RESIDUAL).getShape());
        assertArrayEquals(new float[] {1}, p.get(ScoringFunction.SCALE).toFloatArray());
      }
      assertArrayEquals(new float[] {1}, adapted.get(ScoringFunction.SCALE).toFloatArray(), "the artifact's tensors stay open");
    }
  }

  @Test
  void incumbentIsScoredThroughItemIdsOfTheNewCatalogue() throws Exception {
    TenantData t = new SyntheticGenerator(3).generate(1, 600, 600, true).tenants().get(0);
    ServingModel model = ServingModel.read(TenantAdapter.adapt(null, null, null, t, 1, null, 5).artifact());
    // Today's catalogue: one new item sorting first (shifts every index), one item gone.
    List<String> ids = new ArrayList<>();
    ids.add("a-new-item");
    ids.addAll(t.itemIds().subList(1, t.numItems()));
    Catalogue today = new Catalogue(t.name(), ids, Collections.nCopies(ids.size(), ItemContent.EMPTY));
    int[] context = {3, 0, 7}; // today's indices: items 3 and 7 of the old catalogue, plus the new one
    float[] got = new ServingModelRecommender(model, today).score(List.of(context))[0];
    float[] expected = model.score(new int[] {3, -1, 7});
    assertTrue(Float.isNaN(got[0]), "an item the model never saw cannot be scored");
    float[] known = new float[ids.size() - 1];
    System.arraycopy(got, 1, known, 0, known.length);
    float[] expectedKnown = new float[known.length];
    System.arraycopy(expected, 1, expectedKnown, 0, known.length);
    assertArrayEquals(expectedKnown, known);
  }

  @Test
  void rejectsInputsItCannotUse() {
    TenantData t = new SyntheticGenerator(3).generate(1, 300, 300, true).tenants().get(0);
    byte[] adapted = TenantAdapter.adapt(null, null, null, t, 1, null, 0).artifact();
    assertThrows(IllegalArgumentException.class, () -> TenantAdapter.adapt(adapted, "v1", null, t, 1, null));
    assertThrows(IllegalArgumentException.class, () -> TenantAdapter.adapt(null, null, new byte[] {1, 2, 3}, t, 1, null));
    TenantDataBuilder empty = new TenantDataBuilder("empty");
    empty.addItem("x", ItemContent.EMPTY);
    assertThrows(IllegalArgumentException.class, () -> TenantAdapter.adapt(null, null, null, empty.build(), 1, null));
  }

  @Test
  void aTenantWithoutValidationUsersIsRejectedButStillGetsAServableArtifact() throws Exception {
    // Every user has one event, so no user has a later event to predict.
    TenantDataBuilder b = new TenantDataBuilder("tiny");
    for (int k = 0; k < 12; k++) {
      b.addEvent("u" + k, "i" + (k % 5), 1_700_000_000L + k);
    }
    TenantAdapter.Outcome o = TenantAdapter.adapt(null, null, null, b.build(), 1, null);
    assertFalse(o.promote());
    assertEquals(0, o.validationUsers());
    assertEquals("rejected: no validation users (tenant too small)", o.reason());
    ServingModel served = ServingModel.read(o.artifact());
    assertTrue(served.guarded(), "unvalidated models are served as popularity");
    assertEquals(5, served.size());
  }

  private static List<Double> sorted(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(null);
    return s;
  }
}
