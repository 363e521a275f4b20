package io.warmstart.trainer.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.warmstart.trainer.artifact.ModelConfig;
import io.warmstart.trainer.artifact.ServingModel;
import io.warmstart.trainer.baseline.Popularity;
import io.warmstart.trainer.data.Catalogue;
import io.warmstart.trainer.data.SyntheticGenerator;
import io.warmstart.trainer.data.TenantData;
import io.warmstart.trainer.eval.FitInput;
import io.warmstart.trainer.split.Events;
import io.warmstart.trainer.split.TimeOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's "served" is the platform's path: threshold, adaptation, decision, serving model. */
class ServedRecommenderTest {
  @Test
  void servesPopularityBelowTheThresholdAndWhatTheRuleDecidesAbove() throws Exception {
    List<TenantData> tenants = new SyntheticGenerator(8).generate(5, 900, 1400, true).tenants();
    byte[] init = MetaTraining.train(tenants.subList(0, 4), null,
        new MetaTraining.Options("metasgd", 10, 600, 1, 3, ModelConfig.defaults(), 0), null).artifact();
    TenantData t = tenants.get(4);
    Events events = TimeOrder.order(t, 1);
    Catalogue catalogue = Catalogue.of(t);
    List<int[]> contexts = List.of(new int[] {events.items()[0]}, new int[] {events.items()[1], events.items()[2]});

    ServedRecommender served = new ServedRecommender(init, 100);
    FitInput small = new FitInput(catalogue, events.prefix(99), 1);
    served.fit(small);
    assertNull(served.outcome(), "below the onboarding threshold nothing is adapted");
    Popularity pop = new Popularity();
    pop.fit(small);
    assertArrayEquals(pop.score(contexts)[0], served.score(contexts)[0]);

    FitInput large = new FitInput(catalogue, events.prefix(800), 1);
    served.fit(large);
    TenantAdapter.Outcome o = served.outcome();
    assertNotNull(o);
    assertEquals(800, o.events());
    float[] got = served.score(contexts)[1];
    if (o.promote()) {
      float[] expected = ServingModel.read(o.artifact()).score(contexts.get(1));
      assertArrayEquals(expected, got, "a promoted model is served through the serving model, blend included");
    } else {
      pop.fit(large);
      assertArrayEquals(pop.score(contexts)[1], got, "a rejected model leaves popularity: " + o.reason());
    }
  }
}
