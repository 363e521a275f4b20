package io.warmstart.platform.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Decides where the platform's Keycloak is: {@code WARMSTART_KEYCLOAK_URL} names an external one;
 * otherwise the launcher starts the distribution that the build copied beside the application
 * ({@code target/keycloak/}), installed once under {@code $WARMSTART_HOME/keycloak-<version>} with
 * its own file database, so tenants' organisations and clients survive restarts like their data.
 */
final class IdentityServer {

  private IdentityServer() {}

  static Optional<String> configuredUrl() {
    String url = System.getProperty("warmstart.keycloak.url", System.getenv("WARMSTART_KEYCLOAK_URL"));
    return url == null || url.isBlank() ? Optional.empty() : Optional.of(url.replaceAll("/+$", ""));
  }

  static KeycloakServer startLocal() {
    Path files = besideApplication();
    Path installation = DatabaseSettings.home().resolve("keycloak-" + KeycloakServer.VERSION);
    int port = Integer.parseInt(System.getenv().getOrDefault("WARMSTART_KEYCLOAK_PORT", "8180"));
    return KeycloakServer.start(files.resolve("keycloak-dist.zip"), installation, files.resolve("warmstart-realm.json"), "dev-file",
        bootstrapAdminPassword(), port);
  }

  /** target/keycloak, found from the running jar (target/quarkus-app/quarkus-run.jar) or the working directory. */
  private static Path besideApplication() {
    String configured = System.getenv("WARMSTART_KEYCLOAK_FILES");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    try {
      Path jar = Path.of(WarmstartMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (Path dir = jar.getParent(); dir != null; dir = dir.getParent()) {
        if (Files.exists(dir.resolve("keycloak").resolve("keycloak-dist.zip"))) {
          return dir.resolve("keycloak");
        }
      }
    } catch (URISyntaxException | RuntimeException ignored) {
      // fall back to the working directory
    }
    return Path.of("platform-api", "target", "keycloak");
  }

  /**
   * Keycloak's own admin console account, created on its first start only; kept in a file that only
   * this user can read, so the local installation has no well-known admin password.
   */
  private static String bootstrapAdminPassword() {
    Path file = DatabaseSettings.home().resolve("keycloak-admin-password");
    try {
      if (Files.exists(file)) {
        return Files.readString(file).trim();
      }
      Files.createDirectories(file.getParent());
      byte[] bytes = new byte[12];
      new SecureRandom().nextBytes(bytes);
      String password = HexFormat.of().formatHex(bytes);
      Files.writeString(file, password);
      file.toFile().setReadable(false, false);
      file.toFile().setReadable(true, true);
      return password;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not keep Keycloak's admin password in " + file, e);
    }
  }
}
