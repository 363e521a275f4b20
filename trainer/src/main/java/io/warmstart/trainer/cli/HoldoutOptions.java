package io.warmstart.trainer.cli;

import java.util.List;
import picocli.CommandLine.Option;

/** --holdout-tenants a,b | --holdout-fraction F (exclusive). */
final class HoldoutOptions {
  @Option(names = "--holdout-tenants", split = ",", description = "Tenants to hold out (never meta-trained on).")
  List<String> tenants;

  @Option(names = "--holdout-fraction", description = "Fraction of eligible tenants to hold out, chosen with the seed.")
  Double fraction;

  List<String> tenantsOrEmpty() {
    return tenants == null ? List.of() : tenants;
  }

  /** meta-train's default: 0.3. */
  double fractionOrDefault() {
    return fraction == null ? 0.3 : fraction;
  }

  /** evaluate: null unless given, so that protocol v3's folds apply. */
  Double fractionOrNull() {
    return fraction;
  }
}
