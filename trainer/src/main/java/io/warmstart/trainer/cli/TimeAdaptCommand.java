package io.warmstart.trainer.cli;

import io.warmstart.trainer.artifact.ModelConfig;
import io.warmstart.trainer.data.SyntheticGenerator;
import io.warmstart.trainer.data.TenantData;
import io.warmstart.trainer.service.MetaTraining;
import io.warmstart.trainer.service.TenantAdapter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How long one tenant's adaptation takes through the platform's own call ({@code TenantAdapter}),
 * on one intra-op thread: a seeded synthetic tenant of the given size, adapted from a meta-init
 * trained on synthetic donors, several times; prints every run and the median.
 */
@Command(name = "time-adapt", mixinStandardHelpOptions = true,
    description = "Median wall time of one tenant's adaptation (TenantAdapter) on one thread, synthetic data.")
public final class TimeAdaptCommand implements Callable<Integer> {
  @Option(names = "--events", defaultValue = "5000", description = "Events of the tenant (default ${DEFAULT-VALUE}).")
  int events;

  @Option(names = "--repeats", defaultValue = "5", description = "Timed adaptations after one warm-up (default ${DEFAULT-VALUE}).")
  int repeats;

  @Option(names = "--meta-steps", defaultValue = "300", description = "Meta-steps of the donors' init (default ${DEFAULT-VALUE}).")
  int metaSteps;

  @Override
  public Integer call() {
    List<TenantData> donors = new SyntheticGenerator(11).generate(4, 3000, 6000, true).tenants();
    byte[] init = MetaTraining.train(donors, null,
        new MetaTraining.Options("metasgd", metaSteps, 600, 1, 3, ModelConfig.defaults(), 0), null).artifact();
    TenantData tenant = new SyntheticGenerator(12).generate(1, events, events, true).tenants().get(0);
    TenantAdapter.adapt(init, "warm-up", null, tenant, 1, null);
    double[] seconds = new double[repeats];
    for (int k = 0; k < repeats; k++) {
      long start = System.nanoTime();
      TenantAdapter.Outcome o = TenantAdapter.adapt(init, "timed", null, tenant, k + 1, null);
      seconds[k] = (System.nanoTime() - start) / 1e9;
      System.out.printf(Locale.ROOT, "run %d: %.2f s call, %.2f s adaptation, %d steps, %d events, %d items%n", k + 1,
          seconds[k], o.seconds(), o.steps(), o.events(), o.items());
    }
    Arrays.sort(seconds);
    System.out.printf(Locale.ROOT, "median %.2f s per adaptation call (%d runs, one intra-op thread)%n", seconds[repeats / 2], repeats);
    return 0;
  }
}
