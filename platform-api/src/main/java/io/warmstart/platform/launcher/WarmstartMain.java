package io.warmstart.platform.launcher;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.warmstart.platform.problem.RequestGuard;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Entry point of the platform. When no database is configured it starts an embedded PostgreSQL
 * whose data directory survives restarts, and when no identity server is configured a local
 * Keycloak, so a newcomer runs one command and has real ones. Both are the platform's own: they
 * stop with it and are cleaned up after it was killed ({@link OwnedProcesses}), and they use the
 * installation's generated secrets ({@link InstallationSecrets}).
 *
 * <p>{@code worker} as the first argument starts a trainer worker: the same application, but it
 * only runs jobs (adaptation, meta-training) from the shared database and listens on a free port
 * for health checks, so any number of them can run beside the serving replicas. {@code credentials}
 * prints the installation's secrets. {@code migrate} (or {@code WARMSTART_MODE=migrate}) applies the database
 * migrations to the configured database and exits ({@link DatabaseMigration}).
 */
@QuarkusMain
public class WarmstartMain {

  private static final Logger LOG = Logger.getLogger(WarmstartMain.class);

  public static void main(String... args) {
    System.setProperty(RequestGuard.DISABLE_QUARKUS_URI_CHECK, "true");
    if (args.length > 0 && args[0].equals("credentials")) {
      StartupBanner.printCredentials(DatabaseSettings.home());
      return;
    }
    boolean workerArgument = args.length > 0 && args[0].equals("worker");
    boolean migrateArgument = args.length > 0 && args[0].equals("migrate");
    String[] quarkusArgs = workerArgument ? Arrays.copyOfRange(args, 1, args.length) : args;
    // Containers choose the mode by environment (one image, two Deployments); the argument is for people.
    String mode = System.getenv().getOrDefault("WARMSTART_MODE", workerArgument ? "worker" : migrateArgument ? "migrate" : "api");
    if (!mode.equals("api") && !mode.equals("worker") && !mode.equals("migrate")) {
      refuse("WARMSTART_MODE must be api (the default: HTTP API, and jobs unless WARMSTART_JOBS_WORKER_ENABLED=false), "
          + "worker (trainer jobs only) or migrate (apply the database migrations and exit); it is '" + mode + "'.");
    }
    if (mode.equals("migrate")) {
      // The Kubernetes migration Job (infra/k8s/migrate/): Flyway only, then exit; no Quarkus, no Keycloak.
      System.exit(DatabaseMigration.run());
    }
    boolean worker = workerArgument || mode.equals("worker");
    configureTrainerRuntime();
    Optional<String> externalUrl = DatabaseSettings.configuredJdbcUrl();
    Optional<String> keycloakUrl = IdentityServer.configuredUrl();
    if (worker) {
      if (externalUrl.isEmpty() || keycloakUrl.isEmpty()) {
        refuse("A trainer worker joins a running platform: set WARMSTART_DB_URL (and _USER, _PASSWORD) and "
            + "WARMSTART_KEYCLOAK_URL to the platform's database and identity server. The embedded ones are private to the "
            + "platform process that started them, whose own worker already runs jobs.");
      }
      defaultProperty("quarkus.http.port", System.getenv().getOrDefault("WARMSTART_PORT", "0"));
      defaultProperty("warmstart.jobs.worker-enabled", "true");
    }
    if (keycloakUrl.isPresent() && platformClientSecret().isEmpty()) {
      refuse("WARMSTART_KEYCLOAK_URL names an external Keycloak: set WARMSTART_KEYCLOAK_PLATFORM_SECRET to the secret of its "
          + "warmstart-platform client (docs/identity.md).");
    }
    Path home = DatabaseSettings.home();
    Path launcherLog = LauncherLogging.install(home);
    try {
      run(home, externalUrl, keycloakUrl, worker, quarkusArgs);
    } catch (LaunchException e) {
      failed(e.getMessage() + "." + (e.log() != null ? " Details: " + e.log() + "." : ""), launcherLog);
    } catch (RuntimeException e) {
      // Unforeseen: the stack trace goes to the start-up log only.
      LOG.debug("Start-up failed", e);
      failed(e + ".", launcherLog);
    }
  }

  private static void run(Path home, Optional<String> externalUrl, Optional<String> keycloakUrl, boolean worker, String[] quarkusArgs) {
    if (worker) {
      LOG.infof("Starting a trainer worker against %s", DatabaseSettings.redact(externalUrl.orElseThrow()));
    }
    keycloakUrl.ifPresent(url -> {
      System.setProperty("warmstart.keycloak.url", url);
      LOG.infof("Using the configured Keycloak at %s", url);
    });
    externalUrl.ifPresent(url -> LOG.infof("Using the configured PostgreSQL at %s", DatabaseSettings.redact(url)));
    if (keycloakUrl.isPresent() && externalUrl.isPresent()) {
      Quarkus.run(quarkusArgs);
      return;
    }
    OwnedProcesses owned = OwnedProcesses.claim(home);
    InstallationSecrets secrets = InstallationSecrets.loadOrCreate(home);
    System.setProperty(StartupBanner.FIRST_START, Boolean.toString(secrets.created()));
    Path dataDirectory = DatabaseSettings.embeddedDataDirectory();
    // A PostgreSQL left by a killed platform is stopped while Keycloak starts, not after it.
    CompletableFuture<Void> databaseLeftover = externalUrl.isEmpty()
        ? CompletableFuture.runAsync(() -> EmbeddedDatabase.stopLeftover(dataDirectory))
        : CompletableFuture.completedFuture(null);
    if (keycloakUrl.isEmpty()) {
      KeycloakServer keycloak = IdentityServer.startLocal(owned, secrets);
      System.setProperty("warmstart.keycloak.url", keycloak.baseUrl());
      System.setProperty("warmstart.keycloak.local", "true");
      System.setProperty("quarkus.keycloak.admin-client.client-secret", secrets.platformClientSecret());
      // A development identity server: the API stays on this machine unless WARMSTART_HOST says otherwise.
      defaultProperty("quarkus.http.host", Optional.ofNullable(System.getenv("WARMSTART_HOST")).orElse("127.0.0.1"));
    }
    if (externalUrl.isEmpty()) {
      databaseLeftover.join();
      owned.add("embedded PostgreSQL", () -> EmbeddedDatabase.stopServer(dataDirectory));
      EmbeddedDatabase database = EmbeddedDatabase.start(dataDirectory, secrets.databasePassword(), home.resolve("logs").resolve("postgres.log"));
      System.setProperty("warmstart.db.url", database.jdbcUrl());
      System.setProperty("warmstart.db.user", EmbeddedDatabase.USER);
      System.setProperty("warmstart.db.password", database.password());
    }
    try {
      Quarkus.run(quarkusArgs);
    } finally {
      owned.stopAll();
    }
  }

  /** The secret the platform uses for Keycloak's admin API, from the environment or a property. */
  private static Optional<String> platformClientSecret() {
    return Stream.of(System.getenv("WARMSTART_KEYCLOAK_PLATFORM_SECRET"), System.getenv("QUARKUS_KEYCLOAK_ADMIN_CLIENT_CLIENT_SECRET"),
            System.getProperty("quarkus.keycloak.admin-client.client-secret"))
        .filter(value -> value != null && !value.isBlank())
        .findFirst();
  }

  /** One line with the cause and where to read more; the shutdown hook then stops what was started. */
  private static void failed(String cause, Path launcherLog) {
    System.err.println("Warmstart could not start: " + cause + (launcherLog != null ? " Start-up log: " + launcherLog : ""));
    System.exit(1);
  }

  private static void refuse(String reason) {
    System.err.println(reason);
    System.exit(2);
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
