package io.warmstart.platform.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * A PostgreSQL 17 server run from the zonky binaries, set up as a database that keeps what it
 * acknowledged: fsync on (zonky starts servers with {@code -F}, which turns it off) and password
 * (scram) authentication for every connection (zonky's clusters trust every local user). Its data
 * directory is never wiped, so data accepted before a restart is there after it. A server left
 * running by a platform that was killed is stopped before this one starts; {@link #close()} stops
 * the server cleanly.
 */
public final class EmbeddedDatabase implements AutoCloseable {

  public static final String USER = "postgres";
  private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);

  private final EmbeddedPostgres postgres;
  private final Path dataDirectory;
  private final String password;

  private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDirectory, String password) {
    this.postgres = postgres;
    this.dataDirectory = dataDirectory;
    this.password = password;
  }

  /**
   * Starts (initialising on first use) a server on a free loopback port with its data in
   * {@code dataDirectory}; the role {@code postgres} signs in with {@code password}.
   */
  public static EmbeddedDatabase start(Path dataDirectory, String password, Path log) {
    try {
      boolean firstStart = !Files.exists(dataDirectory.resolve("PG_VERSION"));
      Files.createDirectories(dataDirectory);
      Files.createDirectories(log.getParent());
      stopLeftover(dataDirectory);
      LOG.infof("%s the embedded PostgreSQL 17 with its data in %s (log: %s)", firstStart ? "Initialising and starting" : "Starting",
          dataDirectory, log);
      long started = System.nanoTime();
      Path passwordFile = Files.createTempFile("warmstart-pg", ".pw", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      EmbeddedPostgres postgres;
      try {
        Files.writeString(passwordFile, password);
        postgres = EmbeddedPostgres.builder()
            .setDataDirectory(dataDirectory)
            .setCleanDataDirectory(false)
            .setPort(freePort())
            .setPGStartupWait(Duration.ofSeconds(60))
            // The launcher stops the server itself, after the platform: zonky's own hook would race it.
            .setRegisterShutdownHook(false)
            .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
            // initdb options for a new cluster (zonky names them "locale config"): scram for everyone.
            .setLocaleConfig("auth", "scram-sha-256")
            .setLocaleConfig("pwfile", passwordFile.toString())
            .setConnectConfig("password", password)
            // After zonky's -F: the later setting wins, so an acknowledged commit is on disk.
            .setServerConfig("fsync", "on")
            // Tuned for a laptop-sized single node; an external server brings its own settings.
            .setServerConfig("max_connections", "100")
            .setServerConfig("shared_buffers", "256MB")
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("max_wal_size", "2GB")
            .start();
      } finally {
        Files.deleteIfExists(passwordFile);
      }
      EmbeddedDatabase database = new EmbeddedDatabase(postgres, dataDirectory, password);
      PasswordAuthentication.requireFor(database, dataDirectory.resolve("pg_hba.conf"));
      LOG.infof("Embedded PostgreSQL is up on port %d (%d ms)", postgres.getPort(), (System.nanoTime() - started) / 1_000_000);
      return database;
    } catch (IOException e) {
      throw new LaunchException("Could not start the embedded PostgreSQL in " + dataDirectory + ": " + e.getMessage(), log);
    }
  }

  public String jdbcUrl() {
    return postgres.getJdbcUrl(USER, "postgres");
  }

  public String password() {
    return password;
  }

  public int port() {
    return postgres.getPort();
  }

  /** A new connection as {@code postgres}. */
  public Connection connect() throws SQLException {
    return postgres.getPostgresDatabase().getConnection();
  }

  @Override
  public void close() {
    Optional<ProcessHandle> postmaster = postmaster(dataDirectory);
    try {
      postgres.close();
    } catch (IOException e) {
      LOG.warnf("pg_ctl stop failed (%s)", e.getMessage());
    }
    // pg_ctl gives up after 5 s; the server may still be finishing a checkpoint. Wait, then make sure.
    postmaster.ifPresent(process -> awaitExit(process, OwnedProcesses.STOP_GRACE));
  }

  /**
   * A postmaster still running on this data directory belongs to a platform that was killed (the
   * launcher's lock says none runs): it is shut down before a new one starts.
   */
  static void stopLeftover(Path dataDirectory) {
    postmaster(dataDirectory).ifPresent(process -> {
      LOG.warnf("Stopping the PostgreSQL (pid %d) that a platform which did not stop cleanly left running on %s", process.pid(), dataDirectory);
      stopServer(dataDirectory);
    });
  }

  /**
   * Stops the server running on {@code dataDirectory}, if any, by its {@code postmaster.pid}: fast
   * shutdown (SIGINT: open sessions are ended, what was committed is kept), killed if it takes longer
   * than the grace time. This works before {@link #start} has returned, so the launcher can stop a
   * server whose start-up it is abandoning.
   */
  static void stopServer(Path dataDirectory) {
    postmaster(dataDirectory).ifPresent(process -> {
      try {
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start().waitFor(5, TimeUnit.SECONDS);
      } catch (IOException e) {
        process.destroy();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      awaitExit(process, OwnedProcesses.STOP_GRACE);
    });
  }

  /** The live postmaster named in {@code postmaster.pid}, if that process is a PostgreSQL server. */
  private static Optional<ProcessHandle> postmaster(Path dataDirectory) {
    Path pidFile = dataDirectory.resolve("postmaster.pid");
    try {
      List<String> lines = Files.exists(pidFile) ? Files.readAllLines(pidFile) : List.of();
      if (lines.isEmpty() || !lines.get(0).strip().matches("\\d+")) {
        return Optional.empty();
      }
      Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(lines.get(0).strip())).filter(ProcessHandle::isAlive);
      if (process.isPresent() && !process.get().info().command().map(c -> c.endsWith("/postgres")).orElse(false)) {
        // The pid was reused by another program: PostgreSQL would take it for a running server and refuse to start.
        Files.delete(pidFile);
        return Optional.empty();
      }
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void awaitExit(ProcessHandle process, Duration grace) {
    try {
      process.onExit().get(grace.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception stillAlive) {
      LOG.warnf("PostgreSQL (pid %d) did not stop within %d s; killing it (it recovers from its log at the next start)",
          process.pid(), grace.toSeconds());
      process.destroyForcibly();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
