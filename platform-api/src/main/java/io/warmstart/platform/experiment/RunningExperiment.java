package io.warmstart.platform.experiment;

import io.warmstart.platform.experiment.ExperimentDesign.Method;
import io.warmstart.platform.experiment.ExperimentDesign.Ranker;
import io.warmstart.platform.experiment.ExperimentDesign.Surface;
import java.nio.charset.StandardCharsets;

/** What serving needs to know of a running experiment. */
public record RunningExperiment(String tenantId, long id, Surface surface, Method method, Ranker control, Ranker treatment) {

  public static final char INTERLEAVED = 'i';
  public static final char CONTROL = 'c';
  public static final char TREATMENT = 't';

  /**
   * A user's arm in an A/B split: a hash of the experiment and the user, so the user stays in it on
   * every replica and every request, and a new experiment splits users afresh.
   */
  public char armOf(String userId) {
    long hash = 0xcbf29ce484222325L ^ id * 0x9E3779B97F4A7C15L;
    for (byte b : userId.getBytes(StandardCharsets.UTF_8)) {
      hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
    }
    // FNV-1a spreads the input; the SplitMix64 finaliser makes the lowest bit depend on all of it.
    hash = (hash ^ (hash >>> 30)) * 0xbf58476d1ce4e5b9L;
    hash = (hash ^ (hash >>> 27)) * 0x94d049bb133111ebL;
    hash ^= hash >>> 31;
    return (hash & 1) == 0 ? CONTROL : TREATMENT;
  }

  /** The id of one served list: the experiment and arm, then a random part. Feedback events cite it. */
  public String recommendationId(char arm, String random) {
    return "x" + id + "." + arm + "~" + random;
  }

  /** The wire name of an arm letter. */
  public static String armName(char arm) {
    return switch (arm) {
      case INTERLEAVED -> "interleaved";
      case CONTROL -> "control";
      case TREATMENT -> "treatment";
      default -> throw new IllegalArgumentException("arm " + arm);
    };
  }
}
