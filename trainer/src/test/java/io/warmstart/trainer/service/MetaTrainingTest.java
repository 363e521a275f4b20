package io.warmstart.trainer.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import io.warmstart.trainer.artifact.ModelArtifact;
import io.warmstart.trainer.artifact.ModelConfig;
import io.warmstart.trainer.data.SyntheticGenerator;
import io.warmstart.trainer.data.TenantData;
import io.warmstart.trainer.policy.OnboardingSimulation;
import io.warmstart.trainer.policy.ServingEvidence;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MetaTrainingTest {
  private static MetaTraining.Options options(String algorithm, int steps) {
    return new MetaTraining.Options(algorithm, steps, 600, 1, 3, ModelConfig.defaults(), 0);
  }

  @Test
  void measuresEveryEligibleTenantWithAnInitThatNeverSawItAndStoresTheEvidence() throws Exception {
    List<TenantData> tenants = new SyntheticGenerator(4).generate(4, 700, 1300, true).tenants();
    List<Double> fractions = new ArrayList<>();
    MetaTraining.Outcome first = MetaTraining.train(tenants, null, options("metasgd", 20), (f, m) -> fractions.add(f));
    System.out.println("first: " + first.reason() + ", " + first.steps() + " steps, " + first.seconds() + " s");
    assertEquals(20, first.steps());
    assertEquals(4, first.trainingTenants().size(), "the init that is kept is trained on every tenant");
    assertEquals(4, first.validationTenants().size(), "and every eligible tenant was measured once, by a fold's init");
    ServingEvidence evidence = first.evidence();
    assertNotNull(evidence);
    Set<Integer> sizes = new HashSet<>();
    evidence.entries().forEach(e -> sizes.add(e.events()));
    assertTrue(sizes.containsAll(List.of(50, 100, 200, 500)), "onboarding simulated at the platform's sizes: " + sizes);
    for (ServingEvidence.Entry e : evidence.entries()) {
      assertTrue(e.tenants() <= 4 && e.users() > 0, e.toString());
      assertTrue(e.ratioMean() >= 1 - 1e-12 || e.bestLambda() == 0, "the best blend is at least popularity: " + e);
      assertEquals(e.lambda() > 0, e.ciLow() > 1 && e.tenants() >= ServingEvidence.MIN_TENANTS, "served only when confident: " + e);
    }
    assertTrue(first.promote(), "a first measured init is promoted: " + first.reason());
    for (int k = 1; k < fractions.size(); k++) {
      assertTrue(fractions.get(k) >= fractions.get(k - 1) - 1e-9, "progress only moves forward: " + fractions);
    }
    assertEquals(1.0, fractions.get(fractions.size() - 1));

    try (NDManager m = NDManager.newBaseManager()) {
      ModelArtifact a = ModelArtifact.read(first.artifact(), m);
      assertEquals(ModelArtifact.KIND_META_INIT, a.kind());
      assertEquals(evidence, MetaTraining.evidenceOf(a.metadata()), "the evidence travels in the artifact");
      assertEquals(first.reason(), a.metadata().getAsJsonObject("decision").get("reason").getAsString());
      assertEquals(3, a.metadata().getAsJsonObject("data").get("validation_folds").getAsInt());
    }

    // A tenant adapts through the library with the evidence: the rule and its reason say so.
    TenantAdapter.Outcome adapted = TenantAdapter.adapt(first.artifact(), "init-v1", null, tenants.get(0), 1, null);
    assertNotNull(adapted.evidence(), adapted.reason());
    assertEquals(evidence.at(adapted.events()), adapted.evidence());
    try (NDManager m = NDManager.newBaseManager()) {
      JsonObject meta = ModelArtifact.read(adapted.artifact(), m).metadata();
      assertEquals("init-v1", meta.getAsJsonObject("parent").get("label").getAsString());
      assertEquals(ModelArtifact.sha256(first.artifact()), meta.getAsJsonObject("parent").get("sha256").getAsString());
      assertEquals("evidence", meta.getAsJsonObject("serving").get("rule").getAsString());
    }

    // The promoted init saw every tenant: it cannot be measured fairly, so a fresh one replaces it.
    MetaTraining.Outcome second = MetaTraining.train(tenants, first.artifact(), options("metasgd", 5), null);
    assertNull(second.incumbentValue());
    assertTrue(second.promote(), second.reason());
    assertTrue(second.reason().contains("cannot be measured fairly"), second.reason());
  }

  @Test
  void comparesWithThePromotedInitOnTenantsItWasNotTrainedOn() {
    List<TenantData> all = new SyntheticGenerator(6).generate(7, 700, 1100, true).tenants();
    MetaTraining.Outcome old = MetaTraining.train(all.subList(0, 3), null, options("reptile", 5), null);
    MetaTraining.Outcome next = MetaTraining.train(all, old.artifact(), options("reptile", 5), null);
    System.out.println("next: " + next.reason());
    assertNotNull(next.incumbentValue(), next.reason());
    assertEquals(next.value() >= next.incumbentValue(), next.promote(), next.reason());
  }

  @Test
  void tooFewTenantsPromoteUnmeasuredOnlyWithoutAnIncumbent() {
    List<TenantData> tenants = new SyntheticGenerator(4).generate(2, 400, 600, true).tenants();
    MetaTraining.Outcome first = MetaTraining.train(tenants, null, options("reptile", 3), null);
    assertTrue(first.promote());
    assertNull(first.evidence());
    assertTrue(first.reason().contains("promoted unmeasured"), first.reason());
    assertEquals(List.of(), first.validationTenants());
    assertEquals(2, first.trainingTenants().size());
    MetaTraining.Outcome second = MetaTraining.train(tenants, first.artifact(), options("reptile", 3), null);
    assertFalse(second.promote());
    assertTrue(second.reason().startsWith("rejected: fewer than 3 tenants"), second.reason());
    // Without evidence a tenant decides on its own users.
    TenantAdapter.Outcome adapted = TenantAdapter.adapt(first.artifact(), "init", null, tenants.get(0), 1, null);
    assertNull(adapted.evidence());
  }

  @Test
  void onboardingSimulationSkipsSizesATenantDoesNotReach() {
    TenantData t = new SyntheticGenerator(3).generate(1, 800, 800, true).tenants().get(0);
    try (NDManager m = NDManager.newBaseManager()) {
      ModelConfig cfg = ModelConfig.defaults();
      var init = io.warmstart.trainer.model.Parameters.init(m, cfg, 1).shared();
      List<OnboardingSimulation.TenantResult> r = OnboardingSimulation.run(m, init,
          io.warmstart.trainer.adapt.AdaptConfig.adam(cfg, 0.01f, 5), List.of(t), 1, null);
      int distinct = io.warmstart.trainer.split.TimeOrder.order(t, 1).size();
      List<Integer> expected = java.util.Arrays.stream(OnboardingSimulation.SIZES).filter(n -> n < 0.8 * distinct).boxed().toList();
      assertTrue(expected.size() >= 3 && expected.size() < OnboardingSimulation.SIZES.length, "a tenant of " + distinct + " events");
      assertEquals(expected, r.stream().map(OnboardingSimulation.TenantResult::events).toList(),
          "every size below 80% of the tenant's " + distinct + " distinct events, none above");
      for (OnboardingSimulation.TenantResult x : r) {
        assertEquals(io.warmstart.trainer.artifact.Blend.LAMBDAS.length, x.blendNdcg().length);
        assertEquals(x.popularityNdcg(), x.blendNdcg()[0], 1e-12, "lambda 0 is popularity");
      }
    }
  }
}
