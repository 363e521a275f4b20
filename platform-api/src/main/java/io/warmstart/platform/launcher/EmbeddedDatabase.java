package io.warmstart.platform.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * A PostgreSQL 17 server run from the zonky binaries. Its data directory is never wiped, so data
 * accepted before a restart is there after it; {@link #close()} stops the server cleanly.
 */
public final class EmbeddedDatabase implements AutoCloseable {

  public static final String USER = "postgres";
  private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** Starts (initialising on first use) a server on a free loopback port with its data in {@code dataDirectory}. */
  public static EmbeddedDatabase start(Path dataDirectory) {
    try {
      boolean firstStart = !Files.exists(dataDirectory.resolve("PG_VERSION"));
      Files.createDirectories(dataDirectory);
      LOG.infof(
          "%s the embedded PostgreSQL 17 with its data in %s",
          firstStart ? "Initialising and starting" : "Starting",
          dataDirectory);
      long started = System.nanoTime();
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDirectory)
              .setCleanDataDirectory(false)
              .setPort(freePort())
              .setPGStartupWait(Duration.ofSeconds(60))
              // Tuned for a laptop-sized single node; an external server brings its own settings.
              .setServerConfig("max_connections", "100")
              .setServerConfig("shared_buffers", "256MB")
              .setServerConfig("synchronous_commit", "on")
              .setServerConfig("max_wal_size", "2GB")
              .start();
      LOG.infof(
          "Embedded PostgreSQL is up on port %d (%d ms)",
          postgres.getPort(), (System.nanoTime() - started) / 1_000_000);
      return new EmbeddedDatabase(postgres);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dataDirectory, e);
    }
  }

  public String jdbcUrl() {
    return postgres.getJdbcUrl(USER, "postgres");
  }

  public int port() {
    return postgres.getPort();
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      LOG.warn("The embedded PostgreSQL did not stop cleanly", e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
