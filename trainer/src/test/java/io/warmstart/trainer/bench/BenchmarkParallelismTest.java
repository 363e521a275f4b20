package io.warmstart.trainer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.warmstart.trainer.artifact.ModelConfig;
import io.warmstart.trainer.data.Dataset;
import io.warmstart.trainer.data.SyntheticGenerator;
import io.warmstart.trainer.eval.ResultRow;
import io.warmstart.trainer.meta.MetaTrainer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Evaluating held-out tenants in parallel gives the same report as one at a time. */
class BenchmarkParallelismTest {

  @Test
  void theReportDoesNotDependOnTheThreadCount() throws Exception {
    Dataset data = new SyntheticGenerator(5).generate(6, 400, 900, true);
    List<ResultRow> sequential = Benchmark.run(data, options(1), ModelConfig.defaults(), null, line -> {}).results();
    List<ResultRow> parallel = Benchmark.run(data, options(2), ModelConfig.defaults(), null, line -> {}).results();
    assertFalse(sequential.isEmpty());
    assertEquals(sequential.size(), parallel.size());
    for (int i = 0; i < sequential.size(); i++) {
      ResultRow a = sequential.get(i);
      ResultRow b = parallel.get(i);
      assertEquals(a.tenant() + a.supportSize() + a.method(), b.tenant() + b.supportSize() + b.method());
      assertEquals(a.ndcg10(), b.ndcg10(), 1e-9, "NDCG of " + a.method() + " on " + a.tenant() + " @" + a.supportSize());
      assertEquals(a.recall20(), b.recall20(), 1e-9);
    }
  }

  private static BenchmarkOptions options(int threads) {
    MetaTrainer.Options d = MetaTrainer.Options.defaults(0);
    return new BenchmarkOptions(List.of(1L), List.of("100", "all"), BenchmarkOptions.JOIN_NONE, 4, null, List.of(), 200,
        List.of("popularity", "recpop", "popcooc", "itemknn", "scratch", "reptile"),
        new MetaTrainer.Options(5, 60, 1000, 0, d.outerLr(), d.innerSteps(), d.innerLr()), 500, 0, threads,
        List.of("title", "categories"), ServedOptions.defaults(), true);
  }
}
