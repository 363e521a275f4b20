package io.warmstart.platform.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The packaged platform started as its own process, the way {@code ./warmstart run} starts it
 * (java -jar quarkus-run.jar), from a working directory other than the repository's: stopped the
 * way a service manager does (a signal to its PID) or killed outright.
 */
public final class LaunchedPlatform implements AutoCloseable {

  public static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();

  private final Process process;
  private final Path home;
  private final int port;
  private final Path log;

  private LaunchedPlatform(Process process, Path home, int port, Path log) {
    this.process = process;
    this.home = home;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts the platform with {@code WARMSTART_HOME=home} on {@code port}; its output is appended to
   * {@code log}. Nothing configures a database or Keycloak unless {@code environment} does.
   */
  public static LaunchedPlatform start(Path home, int port, Map<String, String> environment, Path log) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx640m", "-jar",
        JAR.toString());
    builder.directory(Files.createDirectories(home).toFile());
    Map<String, String> env = builder.environment();
    for (String inherited : List.of("WARMSTART_DB_URL", "QUARKUS_DATASOURCE_JDBC_URL", "WARMSTART_KEYCLOAK_URL", "WARMSTART_HOST")) {
      env.remove(inherited);
    }
    env.put("WARMSTART_HOME", home.toString());
    env.put("WARMSTART_PORT", Integer.toString(port));
    env.put("WARMSTART_TRAINING_META_TRAIN_CRON", "off");
    env.put("ENGINE_CACHE_DIR", Path.of("target", "djl-cache").toAbsolutePath().toString());
    env.putAll(environment);
    Files.createDirectories(log.toAbsolutePath().getParent());
    builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    return new LaunchedPlatform(builder.start(), home, port, log);
  }

  public String base() {
    return "http://localhost:" + port;
  }

  public Process process() {
    return process;
  }

  public Path log() {
    return log;
  }

  public void awaitReady() throws InterruptedException {
    PlatformProcess.awaitReady(base(), process);
  }

  /** Waits for readiness for at most {@code limit} (a first start builds Keycloak, about a minute more). */
  public void awaitReady(java.time.Duration limit) throws InterruptedException {
    PlatformProcess.awaitReady(base(), process, limit);
  }

  /** kill -9: no shutdown hook runs, children are left behind. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  /** SIGTERM to the PID, as a service manager stops it; the exit status, or -1 if it was still running after {@code seconds}. */
  public int terminate(long seconds) throws InterruptedException {
    process.destroy();
    return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
  }

  /** The process a launcher recorded in {@code run/<name>.pid}, if it runs. */
  public Optional<ProcessHandle> recorded(String name) throws IOException {
    return pidIn(home.resolve("run").resolve(name + ".pid"));
  }

  /** The embedded PostgreSQL's postmaster, if it runs. */
  public Optional<ProcessHandle> postmaster() throws IOException {
    return pidIn(home.resolve("pgdata").resolve("postmaster.pid"));
  }

  /** The embedded PostgreSQL's port (fourth line of postmaster.pid). */
  public int databasePort() throws IOException {
    return Integer.parseInt(Files.readAllLines(home.resolve("pgdata").resolve("postmaster.pid")).get(3).strip());
  }

  /** A value of the installation's credentials file (database.password, operator.client-secret, ...). */
  public String credential(String key) throws IOException {
    return Files.readAllLines(home.resolve("credentials")).stream()
        .filter(line -> line.startsWith(key + "="))
        .map(line -> line.substring(key.length() + 1))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no " + key + " in " + home.resolve("credentials")));
  }

  private static Optional<ProcessHandle> pidIn(Path file) throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    String pid = Files.readAllLines(file).get(0).strip();
    return pid.matches("\\d+") ? ProcessHandle.of(Long.parseLong(pid)).filter(ProcessHandle::isAlive) : Optional.empty();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive() && terminate(60) == -1) {
      kill();
    }
  }
}
