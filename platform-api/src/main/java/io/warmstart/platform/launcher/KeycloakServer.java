package io.warmstart.platform.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.jboss.logging.Logger;

/**
 * A local Keycloak server run from the distribution that Maven Central ships, with the Warmstart
 * realm imported at start. The distribution is unpacked once into an installation folder that is
 * kept: Keycloak's first start "augments" it (about a minute), later starts take seconds.
 */
public final class KeycloakServer implements AutoCloseable {

  public static final String VERSION = "26.7.3";
  public static final String REALM = "warmstart";

  private static final Logger LOG = Logger.getLogger(KeycloakServer.class);
  private static final Duration START_TIMEOUT = Duration.ofMinutes(5);

  private final Process process;
  private final int port;

  private KeycloakServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts Keycloak in development mode on a free loopback port.
   *
   * @param distribution the keycloak-quarkus-dist zip
   * @param installation where it is unpacked (reused across starts)
   * @param realmFile the realm to import
   * @param database {@code dev-mem} (nothing kept) or {@code dev-file} (kept in the installation)
   */
  public static KeycloakServer start(Path distribution, Path installation, Path realmFile, String database, String adminPassword) {
    return start(distribution, installation, realmFile, database, adminPassword, 0);
  }

  /** As above, on {@code preferredPort} when it is free (0: any free port). */
  public static KeycloakServer start(
      Path distribution, Path installation, Path realmFile, String database, String adminPassword, int preferredPort) {
    try {
      unpackOnce(distribution, installation);
      Path imports = Files.createDirectories(installation.resolve("data").resolve("import"));
      Files.copy(realmFile, imports.resolve(REALM + "-realm.json"), StandardCopyOption.REPLACE_EXISTING);
      int port = preferredPort > 0 && isFree(preferredPort) ? preferredPort : freePort();
      ProcessBuilder builder = new ProcessBuilder(List.of(
          installation.resolve("bin").resolve("kc.sh").toString(), "start-dev",
          "--http-host=127.0.0.1", "--http-port=" + port, "--http-management-port=" + freePort(),
          "--db=" + database, "--import-realm"));
      builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
      builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
      // Keycloak would otherwise size its heap from the machine's memory.
      builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx768m");
      Path log = installation.resolve("keycloak.log");
      builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
      LOG.infof("Starting Keycloak %s on port %d (log: %s); the very first start takes about a minute", VERSION, port, log);
      long started = System.nanoTime();
      KeycloakServer server = new KeycloakServer(builder.start(), port);
      server.awaitRealm(log);
      LOG.infof("Keycloak is up at %s (%d s)", server.baseUrl(), (System.nanoTime() - started) / 1_000_000_000);
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start Keycloak from " + distribution, e);
    }
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** The issuer of the Warmstart realm's tokens, what quarkus-oidc calls auth-server-url. */
  public String realmUrl() {
    return baseUrl() + "/realms/" + REALM;
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void awaitRealm(Path log) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest probe = HttpRequest.newBuilder(URI.create(realmUrl() + "/.well-known/openid-configuration")).timeout(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Keycloak exited during start-up; see " + log);
      }
      try {
        if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      sleep(500);
    }
    close();
    throw new IllegalStateException("Keycloak did not serve the realm within " + START_TIMEOUT.toMinutes() + " minutes; see " + log);
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  private static void unpackOnce(Path distribution, Path installation) throws IOException {
    if (Files.exists(installation.resolve("bin").resolve("kc.sh"))) {
      return;
    }
    if (!Files.exists(distribution)) {
      throw new IllegalStateException("No Keycloak distribution at " + distribution + "; build platform-api first (it copies it from Maven)");
    }
    LOG.infof("Unpacking Keycloak %s into %s", VERSION, installation);
    Path staging = Files.createDirectories(installation.resolveSibling(installation.getFileName() + ".unpacking"));
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(distribution))) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        // Entries start with "keycloak-<version>/"; drop that folder.
        String name = entry.getName().substring(entry.getName().indexOf('/') + 1);
        Path target = staging.resolve(name).normalize();
        if (name.isEmpty() || !target.startsWith(staging)) {
          continue;
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          copy(zip, target);
          if (name.endsWith(".sh")) {
            target.toFile().setExecutable(true);
          }
        }
      }
    }
    // Renamed only when complete, so an interrupted unpack is redone rather than half used.
    Files.move(staging, installation, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void copy(InputStream in, Path target) throws IOException {
    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
