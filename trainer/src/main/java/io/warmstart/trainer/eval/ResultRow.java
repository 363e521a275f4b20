package io.warmstart.trainer.eval;

import java.util.List;

/**
 * One (dataset, tenant, seed, support size, method) measurement, as written to report.json.
 *
 * @param coverage share of the catalogue that appears in at least one test user's top 10
 * @param adaptSeconds wall time of fitting/adapting on the support (meta-training excluded)
 * @param curve validation [steps, seconds, NDCG@10] points of a neural method's adaptation
 */
public record ResultRow(
    String dataset,
    String tenant,
    long seed,
    String supportSize,
    int supportEvents,
    String method,
    double ndcg10,
    double recall20,
    double hr10,
    double coverage,
    double adaptSeconds,
    int users,
    Group returning,
    Group newUsers,
    Boolean guarded,
    Double valNdcg,
    Double popValNdcg,
    int steps,
    List<double[]> curve) {

  /** Metrics of a subset of the test users. */
  public record Group(int users, double ndcg10, double recall20, double hr10) {
    static Group of(UserMetrics m) {
      return new Group(m.users(), m.ndcg(), m.recall(), m.hitRate());
    }
  }

  /** The row of a "+guard" method: the neural row, or popularity's metrics where the guard fired. */
  public ResultRow guardedBy(ResultRow popularity) {
    ResultRow src = Boolean.TRUE.equals(guarded) ? popularity : this;
    return new ResultRow(dataset, tenant, seed, supportSize, supportEvents, method + "+guard", src.ndcg10,
        src.recall20, src.hr10, src.coverage, adaptSeconds, src.users, src.returning, src.newUsers, guarded,
        valNdcg, popValNdcg, steps, List.of());
  }
}
