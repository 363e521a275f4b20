package io.warmstart.trainer.adapt;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.warmstart.trainer.artifact.ModelConfig;
import io.warmstart.trainer.data.Catalogue;
import io.warmstart.trainer.data.SyntheticGenerator;
import io.warmstart.trainer.data.TenantData;
import io.warmstart.trainer.model.Examples;
import io.warmstart.trainer.model.NeuralModel;
import io.warmstart.trainer.model.Parameters;
import io.warmstart.trainer.model.TenantInputs;
import io.warmstart.trainer.split.Events;
import io.warmstart.trainer.split.TimeOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AdaptationTest {
  @Test
  void adaptationLowersValidationLossAndReportsGuard() {
    TenantData t = new SyntheticGenerator(7).generate(1, 3000, 3000, true).tenants().get(0);
    Events events = TimeOrder.order(t, 1);
    Events support = events.prefix(2000);
    Catalogue catalogue = Catalogue.of(t);
    ModelConfig cfg = ModelConfig.defaults();
    try (NDManager manager = NDManager.newBaseManager()) {
      Parameters init = Parameters.init(manager, cfg, 3);
      TenantInputs inputs = TenantInputs.of(io.warmstart.trainer.model.CatalogueContent.of(catalogue, cfg), support, cfg);
      // The protocol's own query: users after the cutoff, contexts from the support.
      Examples heldOut = Examples.fromTestUsers(io.warmstart.trainer.split.ProtocolSplit.testUsers(events, 2000, 500, 1), Integer.MAX_VALUE);
      Parameters before = Parameters.forTenant(manager, init.shared(), catalogue.size());
      float lossBefore = NeuralModel.evalLoss(before, inputs, heldOut, new Random(1), cfg);
      long start = System.nanoTime();
      Adaptation.Result r = Adaptation.adapt(manager, init.shared(), catalogue, support, AdaptConfig.adam(cfg, 0.01f, 200), 1);
      double seconds = (System.nanoTime() - start) / 1e9;
      float lossAfter = NeuralModel.evalLoss(r.parameters(), inputs, heldOut, new Random(1), cfg);
      System.out.printf("loss %.3f -> %.3f, val %.4f vs pop %.4f, steps %d, %.2fs%n", lossBefore, lossAfter,
          r.report().valNdcg(), r.report().popValNdcg(), r.report().steps(), seconds);
      assertTrue(lossAfter < lossBefore, "held-out loss should drop: " + lossBefore + " -> " + lossAfter);
      assertTrue(r.report().guarded() != null);
    }
  }
}
