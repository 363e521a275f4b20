package io.warmstart.trainer.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code java -jar warmstart-trainer.jar meta-train|adapt|evaluate ...}. */
@Command(
    name = "warmstart-trainer",
    mixinStandardHelpOptions = true,
    version = "warmstart-trainer 0.1.0",
    description = "Meta-training, fast adaptation and evaluation of Warmstart recommenders.",
    subcommands = {MetaTrainCommand.class, AdaptCommand.class, EvaluateCommand.class, TimeAdaptCommand.class})
public final class TrainerCli implements Runnable {
  public static void main(String[] args) {
    // Offline by default: otherwise DJL probes an AWS metadata address at start (see STACK.md).
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_threads", "1");
    }
    System.exit(run(args));
  }

  /** Runs the CLI without exiting, for tests. */
  public static int run(String... args) {
    return new CommandLine(new TrainerCli()).execute(args);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
