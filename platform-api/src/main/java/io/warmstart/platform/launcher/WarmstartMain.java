package io.warmstart.platform.launcher;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Entry point of the platform. When no database is configured it starts an embedded PostgreSQL
 * whose data directory survives restarts, so a newcomer runs one command and has a real database.
 *
 * <p>{@code worker} as the first argument starts a trainer worker: the same application, but it
 * only runs jobs (adaptation, meta-training) from the shared database and listens on a free port
 * for health checks, so any number of them can run beside the serving replicas.
 */
@QuarkusMain
public class WarmstartMain {

  private static final Logger LOG = Logger.getLogger(WarmstartMain.class);

  public static void main(String... args) {
    System.setProperty(io.warmstart.platform.problem.RequestGuard.DISABLE_QUARKUS_URI_CHECK, "true");
    boolean workerArgument = args.length > 0 && args[0].equals("worker");
    String[] quarkusArgs = workerArgument ? Arrays.copyOfRange(args, 1, args.length) : args;
    // Containers choose the mode by environment (one image, two Deployments); the argument is for people.
    String mode = System.getenv().getOrDefault("WARMSTART_MODE", workerArgument ? "worker" : "api");
    if (!mode.equals("api") && !mode.equals("worker")) {
      System.err.println("WARMSTART_MODE must be api (the default: HTTP API, and jobs unless WARMSTART_JOBS_WORKER_ENABLED=false) "
          + "or worker (trainer jobs only); it is '" + mode + "'.");
      System.exit(2);
    }
    boolean worker = workerArgument || mode.equals("worker");
    configureTrainerRuntime();
    Optional<String> externalUrl = DatabaseSettings.configuredJdbcUrl();
    Optional<String> keycloakUrl = IdentityServer.configuredUrl();
    if (worker) {
      if (externalUrl.isEmpty() || keycloakUrl.isEmpty()) {
        System.err.println("A trainer worker joins a running platform: set WARMSTART_DB_URL (and _USER, _PASSWORD) and "
            + "WARMSTART_KEYCLOAK_URL to the platform's database and identity server. The embedded ones are private to the "
            + "platform process that started them, whose own worker already runs jobs.");
        System.exit(2);
      }
      defaultProperty("quarkus.http.port", System.getenv().getOrDefault("WARMSTART_PORT", "0"));
      defaultProperty("warmstart.jobs.worker-enabled", "true");
      LOG.infof("Starting a trainer worker against %s", DatabaseSettings.redact(externalUrl.get()));
    }
    if (keycloakUrl.isPresent()) {
      System.setProperty("warmstart.keycloak.url", keycloakUrl.get());
      LOG.infof("Using the configured Keycloak at %s", keycloakUrl.get());
      runWithDatabase(externalUrl, quarkusArgs);
      return;
    }
    try (KeycloakServer keycloak = IdentityServer.startLocal()) {
      System.setProperty("warmstart.keycloak.url", keycloak.baseUrl());
      System.setProperty("warmstart.keycloak.local", "true");
      runWithDatabase(externalUrl, quarkusArgs);
      LOG.info("Stopping the local Keycloak");
    }
  }

  private static void runWithDatabase(Optional<String> externalUrl, String[] quarkusArgs) {
    if (externalUrl.isPresent()) {
      LOG.infof("Using the configured PostgreSQL at %s", DatabaseSettings.redact(externalUrl.get()));
      Quarkus.run(quarkusArgs);
      return;
    }
    Path dataDirectory = DatabaseSettings.embeddedDataDirectory();
    try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDirectory)) {
      System.setProperty("warmstart.db.url", database.jdbcUrl());
      System.setProperty("warmstart.db.user", EmbeddedDatabase.USER);
      Quarkus.run(quarkusArgs);
      LOG.info("Stopping the embedded PostgreSQL");
    }
  }

  /**
   * DJL (the trainer's engine) must never reach the network, unpacks libtorch once into
   * WARMSTART_HOME, and uses one intra-op thread per job: parallelism comes from running jobs and
   * requests side by side, not from threads inside one matrix product.
   */
  private static void configureTrainerRuntime() {
    defaultProperty("ai.djl.offline", "true");
    defaultProperty("ai.djl.pytorch.num_threads", "1");
    defaultProperty("ai.djl.pytorch.num_interop_threads", "1");
    if (System.getenv("ENGINE_CACHE_DIR") == null) {
      defaultProperty("ENGINE_CACHE_DIR", DatabaseSettings.home().resolve("djl-cache").toString());
    }
  }

  private static void defaultProperty(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
