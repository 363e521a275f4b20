package io.warmstart.trainer.meta;

import io.warmstart.trainer.artifact.ModelConfig;
import io.warmstart.trainer.data.Catalogue;
import io.warmstart.trainer.model.CatalogueContent;
import io.warmstart.trainer.model.Examples;
import io.warmstart.trainer.model.TenantInputs;
import io.warmstart.trainer.model.TrainingData;
import io.warmstart.trainer.split.Events;
import io.warmstart.trainer.split.ProtocolSplit;
import io.warmstart.trainer.split.TestUser;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Samples meta-learning tasks from training tenants. The cut is log-uniform between 50 and 3,000
 * events (capped at 80% of the tenant): small supports are the regime that matters, and a
 * log scale spends as many tasks on 100 events as on 2,000.
 */
public final class TaskSampler {
  static final int MIN_SUPPORT = 50;
  static final int MAX_SUPPORT = 3000;
  static final int QUERY_USERS = 256;
  /** Later items per query user (see {@link Examples#fromTestUsers}). */
  static final int TARGETS_PER_USER = 4;

  private record Source(Catalogue catalogue, CatalogueContent content, Events events) {}

  private final List<Source> sources = new ArrayList<>();
  private final ModelConfig config;
  private long totalEvents;

  public TaskSampler(ModelConfig config) {
    this.config = config;
  }

  public void add(Catalogue catalogue, Events ordered) {
    if (ordered.size() >= 2 * MIN_SUPPORT) {
      sources.add(new Source(catalogue, CatalogueContent.of(catalogue, config), ordered));
      totalEvents += ordered.size();
    }
  }

  public int tenants() {
    return sources.size();
  }

  public long totalEvents() {
    return totalEvents;
  }

  public List<String> tenantNames() {
    return sources.stream().map(s -> s.catalogue().tenant()).toList();
  }

  public MetaTask sample(Random r) {
    if (sources.isEmpty()) {
      throw new IllegalStateException("no training tenant with at least " + 2 * MIN_SUPPORT + " events");
    }
    for (int attempt = 0; ; attempt++) {
      Source s = sources.get(r.nextInt(sources.size()));
      int hi = (int) Math.min(MAX_SUPPORT, Math.floor(ProtocolSplit.MAX_SUPPORT_FRACTION * s.events().size()));
      int lo = Math.min(MIN_SUPPORT, hi);
      int cut = (int) Math.round(lo * Math.pow((double) hi / lo, r.nextDouble()));
      List<TestUser> users = ProtocolSplit.testUsers(s.events(), cut, QUERY_USERS, r.nextLong());
      if (users.isEmpty() && attempt < 20) {
        continue;
      }
      Events support = s.events().prefix(cut);
      return new MetaTask(
          s.catalogue().tenant(),
          cut,
          TrainingData.temporal(s.content(), support, config),
          TrainingData.single(TenantInputs.of(s.content(), support, config), Examples.fromTestUsers(users, TARGETS_PER_USER)));
    }
  }
}
