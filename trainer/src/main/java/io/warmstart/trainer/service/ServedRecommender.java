package io.warmstart.trainer.service;

import io.warmstart.trainer.artifact.ServingModel;
import io.warmstart.trainer.baseline.Popularity;
import io.warmstart.trainer.data.Catalogue;
import io.warmstart.trainer.data.TenantData;
import io.warmstart.trainer.data.TenantDataBuilder;
import io.warmstart.trainer.eval.FitInput;
import io.warmstart.trainer.eval.FitReport;
import io.warmstart.trainer.eval.Recommender;
import io.warmstart.trainer.split.Events;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * What the platform serves a tenant whose events so far are the support: popularity below the
 * onboarding threshold; from there, the promoted meta-init adapted by {@link TenantAdapter} and
 * served through {@link ServingModel} (the model, popularity, or their blend) when the serving rule
 * promotes it, popularity when it does not. The benchmark's {@code served} method, so that the
 * headline numbers are about what tenants get, decision rule included. It simulates a tenant's
 * first adaptation at that size (no earlier model to compare with).
 */
public final class ServedRecommender implements Recommender {
  private final byte[] metaInit;
  private final int minEvents;
  private Recommender chosen;
  private TenantAdapter.Outcome outcome;

  /**
   * @param metaInit the promoted meta-init (zip bytes); null: the platform before any meta-init
   * @param minEvents the platform's onboarding threshold ({@code warmstart.training.onboarding-min-events})
   */
  public ServedRecommender(byte[] metaInit, int minEvents) {
    this.metaInit = metaInit;
    this.minEvents = minEvents;
  }

  @Override
  public String name() {
    return "served";
  }

  @Override
  public FitReport fit(FitInput input) {
    outcome = null;
    if (input.support().size() < minEvents) {
      return popularity(input);
    }
    outcome = TenantAdapter.adapt(metaInit, "served", null, tenantData(input), input.seed(), null);
    if (!outcome.promote()) {
      return popularity(input);
    }
    try {
      chosen = new ServingModelRecommender(ServingModel.read(outcome.artifact()), input.catalogue());
    } catch (IOException e) {
      throw new UncheckedIOException("an artifact just written must read back", e);
    }
    return new FitReport(outcome.steps(), outcome.validationNdcg(), outcome.popularityValidationNdcg(), false, List.of());
  }

  /** The last fit's adaptation and decision; null when the support was below the threshold. */
  public TenantAdapter.Outcome outcome() {
    return outcome;
  }

  private FitReport popularity(FitInput input) {
    Popularity pop = new Popularity();
    pop.fit(input);
    chosen = pop;
    return new FitReport(0, null, null, true, List.of());
  }

  @Override
  public float[][] score(List<int[]> contexts) {
    return chosen.score(contexts);
  }

  /**
   * The support as the platform would hold it: the whole catalogue and the events. Events without a
   * time stay without one: their order means nothing, and the adaptation orders them as it orders
   * any untimed tenant.
   */
  static TenantData tenantData(FitInput input) {
    Catalogue c = input.catalogue();
    TenantDataBuilder b = new TenantDataBuilder(c.tenant());
    for (int i = 0; i < c.size(); i++) {
      b.addItem(c.itemIds().get(i), c.content().get(i));
    }
    Events s = input.support();
    for (int k = 0; k < s.size(); k++) {
      b.addEvent("u" + s.users()[k], c.itemIds().get(s.items()[k]), s.timestamps()[k]);
    }
    return b.build();
  }
}
