package io.warmstart.trainer.cli;

import ai.djl.ndarray.NDManager;
import io.warmstart.trainer.adapt.AdaptConfig;
import io.warmstart.trainer.adapt.Adaptation;
import io.warmstart.trainer.adapt.AdaptedArtifact;
import io.warmstart.trainer.artifact.ModelArtifact;
import io.warmstart.trainer.artifact.ModelConfig;
import io.warmstart.trainer.data.Catalogue;
import io.warmstart.trainer.data.DatasetReader;
import io.warmstart.trainer.data.TenantData;
import io.warmstart.trainer.split.Events;
import io.warmstart.trainer.split.TimeOrder;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Adapts a meta-init to one tenant's events and writes a servable artifact. */
@Command(name = "adapt", mixinStandardHelpOptions = true,
    description = "Adapt a meta-init to a tenant; writes an adapted model artifact (zip).")
public final class AdaptCommand implements Callable<Integer> {
  @Option(names = "--init", required = true, description = "meta-init.zip written by meta-train.")
  Path init;

  @Option(names = "--data", required = true)
  Path data;

  @Option(names = "--tenant", required = true)
  String tenant;

  @Option(names = "--out", required = true)
  Path out;

  @Option(names = "--seed", defaultValue = "1", description = "Orders events when the data has no timestamps.")
  long seed;

  @Option(names = "--support-size", description = "Use only the first N events (default: all).")
  Integer supportSize;

  @Override
  public Integer call() throws Exception {
    TenantData t = DatasetReader.read(data).tenant(tenant);
    Events events = TimeOrder.order(t, seed);
    Events support = supportSize == null ? events : events.prefix(supportSize);
    try (NDManager manager = NDManager.newBaseManager()) {
      ModelArtifact meta = ModelArtifact.read(init, manager);
      ModelConfig cfg = meta.config();
      AdaptConfig ac = AdaptConfig.fromMetadata(meta.metadata(), cfg);
      long start = System.nanoTime();
      Adaptation.Result r = Adaptation.adapt(manager, meta.parameters(), Catalogue.of(t), support, ac, seed);
      double seconds = (System.nanoTime() - start) / 1e9;
      String method = meta.metadata().get("method").getAsString();
      AdaptedArtifact.Parent parent = new AdaptedArtifact.Parent(init.toString(), null, ModelArtifact.sha256(init), method);
      AdaptedArtifact.of(parent, method, cfg, Catalogue.of(t), support, r, seconds).write(out);
      System.out.printf("adapted %s on %d events in %.2f s: validation NDCG@10 %.4f vs popularity %.4f%s; wrote %s%n", tenant,
          support.size(), seconds, nan(r.report().valNdcg()), nan(r.report().popValNdcg()),
          r.report().guarded() ? " -> GUARD: does not beat popularity, serving falls back to popularity" : "", out);
      r.parameters().close();
    }
    return 0;
  }

  private static double nan(Double d) {
    return d == null ? Double.NaN : d;
  }
}
