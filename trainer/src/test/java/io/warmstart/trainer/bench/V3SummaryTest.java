package io.warmstart.trainer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.warmstart.trainer.eval.ResultRow;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class V3SummaryTest {
  private static final ResultRow.Group NONE = new ResultRow.Group(0, 0, 0, 0);

  private static ResultRow row(String tenant, long seed, String method, double ndcg) {
    return new ResultRow("d", tenant, seed, "100", 100, method, ndcg, 0, 0, 0, 0, 10, NONE, NONE, null, null, null, 0, List.of());
  }

  @Test
  void comparesServedWithTheBestSimpleBaselineChosenAfterTheFact() {
    List<ResultRow> rows = new ArrayList<>();
    double[][] ndcg = { // popularity, recpop, popcooc, served per (tenant, seed)
      {0.20, 0.10, 0.22, 0.242}, {0.30, 0.10, 0.30, 0.3005}, {0.40, 0.10, 0.40, 0.36}, {0.10, 0.10, 0.10, 0.11}};
    String[] tenants = {"a", "a", "b", "b"};
    long[] seeds = {1, 2, 1, 2};
    for (int k = 0; k < ndcg.length; k++) {
      rows.add(row(tenants[k], seeds[k], "popularity", ndcg[k][0]));
      rows.add(row(tenants[k], seeds[k], "recpop", ndcg[k][1]));
      rows.add(row(tenants[k], seeds[k], "popcooc", ndcg[k][2]));
      rows.add(row(tenants[k], seeds[k], "served", ndcg[k][3]));
    }
    List<V3Summary.Entry> s = V3Summary.of(rows);
    assertEquals(1, s.size());
    V3Summary.Entry e = s.get(0);
    assertEquals("popcooc", e.bestSimpleBaseline(), "popcooc has the highest mean (0.255 vs 0.25)");
    assertEquals(2, e.wins());
    assertEquals(1, e.ties(), "0.3005 vs 0.30 is within 0.001");
    assertEquals(1, e.losses());
    assertEquals((1.1 + 0.3005 / 0.3 + 0.9 + 1.1) / 4, e.ratioMean(), 1e-12);
    assertEquals(0.9, e.worstRatio(), 1e-12);
    assertEquals("b (seed 1)", e.worstTenant());
    assertEquals(2, e.tenants());
    assertEquals(4, e.pairs());
    // Two tenants with mean ratios 1.05083 and 1.0: every bootstrap mean lies between them.
    assertEquals(1.0, e.ciLow(), 1e-12);
    assertEquals((1.1 + 0.3005 / 0.3) / 2, e.ciHigh(), 1e-12);
  }

  @Test
  void theBootstrapIsSeededAndCoversTheMean() {
    double[] v = {0.9, 1.0, 1.1, 1.2, 1.05, 0.95};
    double[] a = V3Summary.bootstrap(v);
    assertEquals(a[0], V3Summary.bootstrap(v)[0]);
    double mean = 1.0333333333333332;
    assertEquals(true, a[0] < mean && mean < a[1]);
  }
}
