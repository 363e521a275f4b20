package io.warmstart.platform.launcher;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.nio.file.Path;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Entry point of the platform. When no database is configured it starts an embedded PostgreSQL
 * whose data directory survives restarts, so a newcomer runs one command and has a real database.
 */
@QuarkusMain
public class WarmstartMain {

  private static final Logger LOG = Logger.getLogger(WarmstartMain.class);

  public static void main(String... args) {
    Optional<String> externalUrl = DatabaseSettings.configuredJdbcUrl();
    if (externalUrl.isPresent()) {
      LOG.infof("Using the configured PostgreSQL at %s", DatabaseSettings.redact(externalUrl.get()));
      Quarkus.run(args);
      return;
    }
    Path dataDirectory = DatabaseSettings.embeddedDataDirectory();
    try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDirectory)) {
      System.setProperty("warmstart.db.url", database.jdbcUrl());
      System.setProperty("warmstart.db.user", EmbeddedDatabase.USER);
      Quarkus.run(args);
      LOG.info("Stopping the embedded PostgreSQL");
    }
  }
}
