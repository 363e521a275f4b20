package io.warmstart.platform.bench;

import io.warmstart.platform.experiment.ClickModel;
import io.warmstart.platform.experiment.ExperimentSimulator;
import io.warmstart.platform.experiment.ExperimentSimulator.Outcome;
import java.util.Locale;
import java.util.stream.LongStream;

/**
 * How many impressions team-draft interleaving and an A/B split need to detect the same ranker
 * improvement, on the click model of docs/experiments.md, with the platform's own tests.
 *
 * <ol>
 *   <li>Calibrate: the treatment ranker's noise is set so that its lists get {@code --lift} (5%)
 *       more clicked lists than control's in expectation (common random draws, 400,000 requests).
 *   <li>Pilot: {@code --pilot-replicates} experiments of {@code --pilot-impressions} per method give
 *       the mean z per square root of an impression, d. The impressions needed for power 0.8 at a
 *       two-sided 0.05 are ((1.960 + 0.842) / d)^2 (normal approximation).
 *   <li>Check: {@code --replicates} experiments at that size per method measure the power reached,
 *       and as many with two identical rankers measure the false-positive rate.
 * </ol>
 *
 * Usage: infra/bench/experiments.sh [--lift 0.05] [--pilot-impressions 5000] [--pilot-replicates 100] [--replicates 200] [--seed 1]
 */
public final class ExperimentSimulation {

  private static final double Z_ALPHA = 1.959963984540054;
  private static final double Z_POWER = 0.8416212335729143;
  private static final double CONTROL_NOISE = 0.10;

  public static void main(String[] args) {
    double lift = doubleArg(args, "--lift", 0.05);
    int pilotImpressions = (int) doubleArg(args, "--pilot-impressions", 5_000);
    int pilotReplicates = (int) doubleArg(args, "--pilot-replicates", 100);
    int replicates = (int) doubleArg(args, "--replicates", 200);
    long seed = (long) doubleArg(args, "--seed", 1);

    double treatmentNoise = calibrate(lift, seed);
    double controlRate = ClickModel.expectedListClickRate(CONTROL_NOISE, 400_000, seed);
    double treatmentRate = ClickModel.expectedListClickRate(treatmentNoise, 400_000, seed);
    System.out.printf(Locale.ROOT, "click model: pool %d, list %d, %d requests per user; control noise %.4f, treatment noise %.4f%n",
        ClickModel.POOL, ClickModel.LIST, ClickModel.REQUESTS_PER_USER, CONTROL_NOISE, treatmentNoise);
    System.out.printf(Locale.ROOT, "expected clicked lists: control %.4f, treatment %.4f (lift %.2f%%)%n%n",
        controlRate, treatmentRate, (treatmentRate / controlRate - 1) * 100);

    Method[] methods = {
      new Method("interleaving",
          (n, s) -> ExperimentSimulator.interleaving(n, CONTROL_NOISE, treatmentNoise, s),
          (n, s) -> ExperimentSimulator.interleaving(n, CONTROL_NOISE, CONTROL_NOISE, s)),
      new Method("A/B split",
          (n, s) -> ExperimentSimulator.ab(n, CONTROL_NOISE, treatmentNoise, s),
          (n, s) -> ExperimentSimulator.ab(n, CONTROL_NOISE, CONTROL_NOISE, s)),
    };
    long[] needed = new long[methods.length];
    System.out.println("| method | pilot mean z | d (z per sqrt impression) | impressions for power 0.8 | power measured there | false positives (identical rankers) |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    for (int m = 0; m < methods.length; m++) {
      Method method = methods[m];
      long base = seed * 1_000_003L + m * 7_919L;
      // The pilot grows until its mean z is clearly away from 0, so that d is measured, not guessed.
      int pilotSize = pilotImpressions;
      double meanZ;
      while (true) {
        int size = pilotSize;
        meanZ = LongStream.range(0, pilotReplicates).parallel().mapToDouble(r -> method.atSize.run(size, base + r).z()).average().orElse(0);
        if (meanZ >= 3 || pilotSize >= 5_000_000) {
          break;
        }
        pilotSize *= 4;
      }
      double d = meanZ / Math.sqrt(pilotSize);
      needed[m] = (long) Math.ceil(Math.pow((Z_ALPHA + Z_POWER) / d, 2));
      int n = (int) Math.min(Integer.MAX_VALUE, needed[m]);
      long checkBase = base + 10_000_000L;
      long detected = LongStream.range(0, replicates).parallel().filter(r -> method.atSize.run(n, checkBase + r).detected()).count();
      long falsePositives = LongStream.range(0, replicates).parallel()
          .filter(r -> method.identical.run(n, checkBase + 5_000_000L + r).pValue() < 0.05).count();
      System.out.printf(Locale.ROOT, "| %s | %.2f | %.5f | %,d | %.3f | %.3f |%n",
          method.name + " (pilot " + String.format(Locale.ROOT, "%,d", pilotSize) + ")", meanZ, d, needed[m], (double) detected / replicates, (double) falsePositives / replicates);
    }
    System.out.printf(Locale.ROOT, "%nA/B split needs %.1fx the impressions of interleaving for the same power.%n", (double) needed[1] / needed[0]);
  }

  /** The treatment noise whose expected clicked-list rate is (1 + lift) times control's, by bisection. */
  static double calibrate(double lift, long seed) {
    int requests = 400_000;
    double target = ClickModel.expectedListClickRate(CONTROL_NOISE, requests, seed) * (1 + lift);
    double low = 0;
    double high = CONTROL_NOISE;
    if (ClickModel.expectedListClickRate(0, requests, seed) < target) {
      throw new IllegalStateException("a perfect ranker does not reach a lift of " + lift + " on this click model");
    }
    for (int i = 0; i < 30; i++) {
      double mid = (low + high) / 2;
      if (ClickModel.expectedListClickRate(mid, requests, seed) >= target) {
        low = mid;
      } else {
        high = mid;
      }
    }
    return low;
  }

  @FunctionalInterface
  private interface SizedRun {
    Outcome run(int impressions, long seed);
  }

  private record Method(String name, SizedRun atSize, SizedRun identical) {}

  private static double doubleArg(String[] args, String name, double fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return Double.parseDouble(args[i + 1]);
      }
    }
    return fallback;
  }
}
