package io.warmstart.platform.launcher;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Decides where the platform's Keycloak is: {@code WARMSTART_KEYCLOAK_URL} names an external one;
 * otherwise the launcher starts the distribution that the build put inside the application
 * ({@code quarkus-app/keycloak/}, found from the running jar wherever it was started from),
 * installed once under {@code $WARMSTART_HOME/keycloak-<version>} with its own file database, so
 * tenants' organisations and clients survive restarts like their data.
 */
final class IdentityServer {

  private static final Logger LOG = Logger.getLogger(IdentityServer.class);

  private IdentityServer() {}

  static Optional<String> configuredUrl() {
    String url = System.getProperty("warmstart.keycloak.url", System.getenv("WARMSTART_KEYCLOAK_URL"));
    return url == null || url.isBlank() ? Optional.empty() : Optional.of(url.replaceAll("/+$", ""));
  }

  /** Starts the local Keycloak this installation owns, after stopping one that a killed platform left running. */
  static KeycloakServer startLocal(OwnedProcesses owned, InstallationSecrets secrets) {
    Path home = DatabaseSettings.home();
    Path files = besideApplication();
    Path installation = home.resolve("keycloak-" + KeycloakServer.VERSION);
    stopLeftover(owned, installation);
    int port = Integer.parseInt(System.getenv().getOrDefault("WARMSTART_KEYCLOAK_PORT", "8180"));
    KeycloakServer keycloak = KeycloakServer.launch(new KeycloakServer.Options(files.resolve("keycloak-dist.zip"), installation,
        files.resolve("warmstart-realm.json"), realmValues(secrets), "dev-file", secrets.keycloakAdminPassword(), port,
        home.resolve("logs").resolve("keycloak.log")));
    owned.recordPid("keycloak", keycloak.process());
    owned.add("local Keycloak", keycloak::close);
    keycloak.awaitRealm();
    RealmSecrets.apply(keycloak, secrets);
    return keycloak;
  }

  /** The values of the realm template's placeholders (the same names the Kubernetes realm import uses). */
  static Map<String, String> realmValues(InstallationSecrets secrets) {
    return Map.of(
        "WARMSTART_PLATFORM_CLIENT_SECRET", secrets.platformClientSecret(),
        "WARMSTART_OPERATOR_CLIENT_SECRET", secrets.operatorClientSecret(),
        "WARMSTART_OPERATOR_PASSWORD", secrets.operatorPassword());
  }

  /**
   * A Keycloak still running on this installation after its platform was killed holds the file
   * database's lock: it is found through its pid file (or, for one started by an older release,
   * by its command line, which names the installation: kc.sh's path, its JVM's kc.home.dir) and stopped.
   */
  private static void stopLeftover(OwnedProcesses owned, Path installation) {
    String marker = installation.resolve("bin").toString();
    Predicate<ProcessHandle> isOurs = process -> process.info().commandLine().map(line -> line.contains(marker)).orElse(false);
    Optional<ProcessHandle> leftover = owned.recorded("keycloak", isOurs)
        .or(() -> ProcessHandle.allProcesses().filter(ProcessHandle::isAlive).filter(isOurs).findFirst());
    leftover.ifPresent(process -> {
      LOG.warnf("Stopping the Keycloak (pid %d) that a platform which did not stop cleanly left running on %s", process.pid(), installation);
      OwnedProcesses.stopTree(process);
    });
  }

  /** quarkus-app/keycloak (or WARMSTART_KEYCLOAK_FILES), found from the running jar, not from the working directory. */
  private static Path besideApplication() {
    String configured = System.getenv("WARMSTART_KEYCLOAK_FILES");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    Path start;
    try {
      start = Path.of(WarmstartMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
    } catch (URISyntaxException | RuntimeException unknown) {
      throw new LaunchException("Cannot tell where the application is installed, so not where its Keycloak is: set WARMSTART_KEYCLOAK_URL "
          + "or WARMSTART_KEYCLOAK_FILES", null);
    }
    for (Path dir = start.getParent(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve("keycloak").resolve("keycloak-dist.zip"))) {
        return dir.resolve("keycloak");
      }
    }
    throw new LaunchException("No Keycloak distribution beside the application (" + start.getParent() + "/../keycloak/keycloak-dist.zip): "
        + "build it with ./mvnw package, or point WARMSTART_KEYCLOAK_URL at a Keycloak (the container image has none)", null);
  }
}
