package io.warmstart.trainer.eval;

import io.warmstart.trainer.data.Catalogue;
import io.warmstart.trainer.split.SupportSplit;
import io.warmstart.trainer.split.TestUser;
import java.util.ArrayList;
import java.util.List;

/** Fits one method on a split's support and measures it on the split's test users. */
public final class SplitEvaluator {
  private static final int CHUNK = 256;

  private SplitEvaluator() {}

  public static ResultRow evaluate(String dataset, Catalogue catalogue, SupportSplit split, long seed, Recommender method) {
    long start = System.nanoTime();
    FitReport fit = method.fit(new FitInput(catalogue, split.support(), seed));
    double adaptSeconds = (System.nanoTime() - start) / 1e9;
    Ranking ranking = Ranking.fromSupport(split.support(), catalogue.size());
    UserMetrics all = new UserMetrics();
    UserMetrics returning = new UserMetrics();
    UserMetrics fresh = new UserMetrics();
    boolean[] covered = new boolean[catalogue.size()];
    List<TestUser> users = split.testUsers();
    for (int from = 0; from < users.size(); from += CHUNK) {
      List<TestUser> part = users.subList(from, Math.min(users.size(), from + CHUNK));
      List<int[]> contexts = new ArrayList<>();
      part.forEach(u -> contexts.add(u.context()));
      float[][] scores = method.score(contexts);
      for (int k = 0; k < part.size(); k++) {
        TestUser u = part.get(k);
        int[] top = ranking.topK(scores[k], u.context(), 20);
        double ndcg = Metrics.ndcg(top, u.targets(), 10);
        double recall = Metrics.recall(top, u.targets(), 20);
        double hr = Metrics.hitRate(top, u.targets(), 10);
        all.add(ndcg, recall, hr);
        (u.returning() ? returning : fresh).add(ndcg, recall, hr);
        for (int r = 0; r < Math.min(10, top.length); r++) {
          covered[top[r]] = true;
        }
      }
    }
    int coveredCount = 0;
    for (boolean c : covered) {
      coveredCount += c ? 1 : 0;
    }
    return new ResultRow(dataset, catalogue.tenant(), seed, split.label(), split.cutoff(), method.name(), all.ndcg(),
        all.recall(), all.hitRate(), (double) coveredCount / Math.max(1, catalogue.size()), adaptSeconds, all.users(),
        ResultRow.Group.of(returning), ResultRow.Group.of(fresh), fit.guarded(), fit.valNdcg(), fit.popValNdcg(),
        fit.steps(), fit.curve());
  }
}
