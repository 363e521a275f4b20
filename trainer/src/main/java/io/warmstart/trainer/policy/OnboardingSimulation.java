package io.warmstart.trainer.policy;

import io.warmstart.trainer.artifact.Blend;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.warmstart.trainer.adapt.AdaptConfig;
import io.warmstart.trainer.adapt.Adaptation;
import io.warmstart.trainer.data.Catalogue;
import io.warmstart.trainer.data.TenantData;
import io.warmstart.trainer.eval.Metrics;
import io.warmstart.trainer.eval.Ranking;
import io.warmstart.trainer.model.NeuralModel;
import io.warmstart.trainer.model.Parameters;
import io.warmstart.trainer.split.Events;
import io.warmstart.trainer.split.ProtocolSplit;
import io.warmstart.trainer.split.TestUser;
import io.warmstart.trainer.split.TimeOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Onboards tenants the init has not been trained on, as the platform would, at several sizes: for
 * each tenant and size N, the first N events (time order) are the support, the init is adapted to
 * them exactly as {@code TenantAdapter} adapts it, and popularity and every blend of
 * {@link Blend#LAMBDAS} are measured on the users who come after (protocol test users, their support
 * items or first later item as context). The results are the evidence the serving rule is built from.
 */
public final class OnboardingSimulation {
  /** The sizes at which tenants are onboarded and re-adapted, and at which evidence is measured. */
  public static final int[] SIZES = {50, 100, 200, 500, 1000, 2000, 5000};
  static final int MAX_TEST_USERS = 500;
  private static final int CHUNK = 128;

  private OnboardingSimulation() {}

  /** One tenant at one size: mean NDCG@10 over its test users of popularity and of each blend. */
  public record TenantResult(String tenant, int events, int users, double popularityNdcg, double[] blendNdcg) {}

  public static List<TenantResult> run(NDManager manager, Map<String, NDArray> init, AdaptConfig config,
      List<TenantData> tenants, long seed, BiConsumer<Double, String> progress) {
    List<TenantResult> out = new ArrayList<>();
    for (int t = 0; t < tenants.size(); t++) {
      TenantData tenant = tenants.get(t);
      if (progress != null) {
        progress.accept((double) t / tenants.size(), "simulating onboarding of " + tenant.name());
      }
      Events events = TimeOrder.order(tenant, seed);
      Catalogue catalogue = Catalogue.of(tenant);
      for (int n : SIZES) {
        if (n >= ProtocolSplit.MAX_SUPPORT_FRACTION * events.size()) {
          break;
        }
        List<TestUser> users = ProtocolSplit.testUsers(events, n, MAX_TEST_USERS, seed);
        if (!users.isEmpty()) {
          out.add(measure(manager, init, config, tenant.name(), catalogue, events.prefix(n), users, seed));
        }
      }
    }
    return out;
  }

  private static TenantResult measure(NDManager manager, Map<String, NDArray> init, AdaptConfig config, String tenant,
      Catalogue catalogue, Events support, List<TestUser> users, long seed) {
    Adaptation.Result adapted = Adaptation.adapt(manager, init, catalogue, support, config, seed);
    try (Parameters parameters = adapted.parameters()) {
      float[] popularity = new float[catalogue.size()];
      for (int i : support.items()) {
        popularity[i]++;
      }
      Ranking ranking = Ranking.fromSupport(support, catalogue.size());
      double pop = 0;
      double[] blend = new double[Blend.LAMBDAS.length];
      for (int from = 0; from < users.size(); from += CHUNK) {
        List<TestUser> part = users.subList(from, Math.min(users.size(), from + CHUNK));
        float[][] model = NeuralModel.scoreAll(parameters, adapted.servingInputs(),
            part.stream().map(TestUser::context).toList(), config.model());
        for (int k = 0; k < part.size(); k++) {
          TestUser u = part.get(k);
          pop += Metrics.ndcg(ranking.topK(popularity, u.context(), 10), u.targets(), 10);
          for (int l = 0; l < Blend.LAMBDAS.length; l++) {
            float[] s = model[k].clone();
            Blend.into(popularity, s, Blend.LAMBDAS[l]);
            blend[l] += Metrics.ndcg(ranking.topK(s, u.context(), 10), u.targets(), 10);
          }
        }
      }
      for (int l = 0; l < blend.length; l++) {
        blend[l] /= users.size();
      }
      return new TenantResult(tenant, support.size(), users.size(), pop / users.size(), blend);
    }
  }
}
