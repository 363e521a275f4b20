package io.warmstart.platform.launcher;

import io.quarkus.runtime.Application;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * The processes a platform starts itself (its Keycloak, its PostgreSQL) belong to it: they stop
 * when it stops, whichever way it is asked to (SIGTERM or SIGINT to its PID, as a service manager
 * or an IDE does, not only Ctrl-C to the whole terminal), and when it was killed outright, the next
 * start finds them through their pid files under WARMSTART_HOME/run and stops them first.
 *
 * <p>One platform owns a WARMSTART_HOME at a time: it holds a lock on {@code run/platform.lock},
 * which the operating system releases however the process ends. A second platform on the same home
 * is refused, so leftovers are only ever stopped when their owner is gone.
 */
final class OwnedProcesses {

  private static final Logger LOG = Logger.getLogger(OwnedProcesses.class);
  /** How long a process is given to stop after SIGTERM before it is killed. */
  static final Duration STOP_GRACE = Duration.ofSeconds(20);
  /** How long the shutdown hook waits for the platform to stop before stopping its children anyway. */
  private static final Duration PLATFORM_STOP_WAIT = Duration.ofSeconds(20);

  private final Path runDirectory;
  private final Deque<Child> children = new ArrayDeque<>();
  @SuppressWarnings("unused") // held for the life of the process; the OS releases it at exit
  private final FileLock lock;

  private record Child(String name, Runnable stop) {}

  private OwnedProcesses(Path runDirectory, FileLock lock) {
    this.runDirectory = runDirectory;
    this.lock = lock;
  }

  /**
   * Takes ownership of {@code home}: refuses if another live platform owns it, and installs the
   * shutdown hook that stops every child registered later.
   */
  static OwnedProcesses claim(Path home) {
    Path run = home.resolve("run");
    try {
      Files.createDirectories(run);
      FileChannel channel = FileChannel.open(run.resolve("platform.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        String owner = readPid(run.resolve("platform.pid")).map(pid -> " (pid " + pid + ")").orElse("");
        throw new LaunchException("Another Warmstart platform is running from " + home + owner
            + "; stop it first, or give this one its own WARMSTART_HOME", null);
      }
      Files.writeString(run.resolve("platform.pid"), ProcessHandle.current().pid() + "\n");
      OwnedProcesses owned = new OwnedProcesses(run, lock);
      Runtime.getRuntime().addShutdownHook(new Thread(owned::onJvmExit, "warmstart-stop-children"));
      return owned;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not take ownership of " + home, e);
    }
  }

  /** Registers a child; children stop in the reverse order of registration. */
  synchronized void add(String name, Runnable stop) {
    children.push(new Child(name, stop));
  }

  /** Writes {@code run/<name>.pid} so that a later start finds the process if this one is killed. */
  void recordPid(String name, ProcessHandle process) {
    try {
      Files.writeString(runDirectory.resolve(name + ".pid"), process.pid() + "\n");
    } catch (IOException e) {
      LOG.warnf("Could not record the pid of %s in %s: %s", name, runDirectory, e.getMessage());
    }
  }

  /** The process a previous start recorded as {@code name}, if it still runs and still is what {@code isOurs} expects. */
  Optional<ProcessHandle> recorded(String name, Predicate<ProcessHandle> isOurs) {
    return readPid(runDirectory.resolve(name + ".pid")).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive).filter(isOurs);
  }

  /** Stops every child still running; safe to call more than once and from any thread. */
  synchronized void stopAll() {
    while (!children.isEmpty()) {
      Child child = children.pop();
      try {
        LOG.infof("Stopping the %s", child.name());
        child.stop().run();
      } catch (RuntimeException e) {
        LOG.warnf("The %s did not stop cleanly: %s", child.name(), e.getMessage());
      }
    }
  }

  /** SIGTERM or SIGINT: the platform stops first (its requests and jobs still use the database), then its children. */
  private void onJvmExit() {
    Application platform = Application.currentApplication();
    if (platform != null) {
      // stop() stops the application, or, when Quarkus's own hook is already doing so, waits until it has.
      Thread stopping = new Thread(() -> {
        try {
          platform.stop();
        } catch (IllegalStateException notStarted) {
          // nothing to wait for
        }
      }, "warmstart-await-platform-stop");
      stopping.setDaemon(true);
      stopping.start();
      try {
        stopping.join(PLATFORM_STOP_WAIT.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    stopAll();
  }

  /** Stops a process and everything it started: SIGTERM to all, then SIGKILL to what is left after the grace time. */
  static void stopTree(ProcessHandle root) {
    List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
    tree.add(0, root);
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + STOP_GRACE.toNanos();
    for (ProcessHandle process : tree) {
      try {
        process.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (Exception stillAlive) {
        LOG.warnf("Process %d did not stop within %d s; killing it", process.pid(), STOP_GRACE.toSeconds());
        process.destroyForcibly();
      }
    }
  }

  private static Optional<Long> readPid(Path file) {
    try {
      String text = Files.exists(file) ? Files.readString(file).strip().split("\\s+")[0] : "";
      return text.matches("\\d+") ? Optional.of(Long.parseLong(text)) : Optional.empty();
    } catch (IOException unreadable) {
      return Optional.empty();
    }
  }
}
