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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.jboss.logging.Logger;

/**
 * A local Keycloak server run from the distribution that Maven Central ships, with the Warmstart
 * realm imported at start. The distribution is unpacked once into an installation folder that is
 * kept: Keycloak's first start "augments" it (106 s on a loaded 2-core machine), later starts reuse
 * that (21-38 s there). The realm file is a template whose {@code ${PLACEHOLDERS}} (client secrets,
 * the operator's password) are filled in by the caller, so no secret is written into the repository.
 */
public final class KeycloakServer implements AutoCloseable {

  public static final String VERSION = "26.7.3";
  public static final String REALM = "warmstart";

  private static final Logger LOG = Logger.getLogger(KeycloakServer.class);
  private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+)}");
  /**
   * Written into the installation once Keycloak has served the realm from it: from then on its
   * build step is done, so only starts without it warn that they take minutes.
   */
  static final String STARTED_ONCE = ".warmstart-started-once";

  private final Process process;
  private final int port;
  private final Path log;
  private final Path installation;

  /**
   * What to start.
   *
   * @param distribution the keycloak-quarkus-dist zip
   * @param installation where it is unpacked (reused across starts)
   * @param realmTemplate the realm to import, with {@code ${NAME}} placeholders
   * @param placeholders a value for every placeholder of the template
   * @param database {@code dev-mem} (nothing kept) or {@code dev-file} (kept in the installation)
   * @param adminPassword the master realm's {@code admin}, created on the installation's first start
   * @param preferredPort the port to use when it is free (0: any free port)
   * @param log where Keycloak's output goes
   */
  public record Options(Path distribution, Path installation, Path realmTemplate, Map<String, String> placeholders, String database,
      String adminPassword, int preferredPort, Path log) {}

  private KeycloakServer(Process process, int port, Path log, Path installation) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.installation = installation;
  }

  /** Starts Keycloak and waits until it serves the realm. */
  public static KeycloakServer start(Options options) {
    KeycloakServer server = launch(options);
    server.awaitRealm();
    return server;
  }

  /** Starts the Keycloak process and returns at once; {@link #awaitRealm} waits for it to serve the realm. */
  public static KeycloakServer launch(Options options) {
    try {
      unpackOnce(options.distribution(), options.installation());
      Path imports = Files.createDirectories(options.installation().resolve("data").resolve("import"));
      writeRealm(options.realmTemplate(), options.placeholders(), imports.resolve(REALM + "-realm.json"));
      int port = options.preferredPort() > 0 && isFree(options.preferredPort()) ? options.preferredPort() : freePort();
      ProcessBuilder builder = new ProcessBuilder(List.of(
          options.installation().resolve("bin").resolve("kc.sh").toString(), "start-dev",
          "--http-host=127.0.0.1", "--http-port=" + port, "--http-management-port=" + freePort(),
          "--db=" + options.database(), "--import-realm"));
      builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
      builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", options.adminPassword());
      // Keycloak would otherwise size its heap from the machine's memory.
      builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx768m");
      Files.createDirectories(options.log().getParent());
      builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.to(options.log().toFile()));
      if (isFirstStart(options.installation())) {
        // Measured on a loaded 2-core machine: 106 s the first time, 21-38 s afterwards.
        LOG.infof("Starting Keycloak %s on port %d (log: %s); its first start on this installation builds it and takes up to two "
            + "minutes, later starts under a minute", VERSION, port, options.log());
      } else {
        LOG.infof("Starting Keycloak %s on port %d (log: %s)", VERSION, port, options.log());
      }
      return new KeycloakServer(builder.start(), port, options.log(), options.installation());
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start Keycloak from " + options.distribution(), e);
    }
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** The issuer of the Warmstart realm's tokens, what quarkus-oidc calls auth-server-url. */
  public String realmUrl() {
    return baseUrl() + "/realms/" + REALM;
  }

  /** The Keycloak process (kc.sh, which runs Keycloak's JVM). */
  public ProcessHandle process() {
    return process.toHandle();
  }

  /** Stops Keycloak and every process it started. */
  @Override
  public void close() {
    OwnedProcesses.stopTree(process.toHandle());
  }

  /** Waits until Keycloak serves the realm; stops it and fails with Keycloak's own reason if it does not. */
  public void awaitRealm() {
    long started = System.nanoTime();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest probe = HttpRequest.newBuilder(URI.create(realmUrl() + "/.well-known/openid-configuration")).timeout(Duration.ofSeconds(5)).build();
    long deadline = started + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new LaunchException("Keycloak exited during start-up (" + lastError() + ")", log);
      }
      try {
        if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          LOG.infof("Keycloak is up at %s (%d s)", baseUrl(), (System.nanoTime() - started) / 1_000_000_000);
          markStarted(installation);
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
    throw new LaunchException("Keycloak did not serve the realm within " + START_TIMEOUT.toMinutes() + " minutes", log);
  }

  /**
   * Whether Keycloak has never come up from this installation (fresh, or its first start was
   * interrupted): that start runs Keycloak's build step, which later starts reuse. A file database
   * (data/h2) means it came up before the marker existed (an installation of an older release).
   */
  static boolean isFirstStart(Path installation) {
    return !Files.exists(installation.resolve(STARTED_ONCE)) && !Files.isDirectory(installation.resolve("data").resolve("h2"));
  }

  static void markStarted(Path installation) {
    try {
      if (isFirstStart(installation)) {
        Files.writeString(installation.resolve(STARTED_ONCE), "Keycloak " + VERSION + " first served the realm from here\n");
      }
    } catch (IOException | RuntimeException unwritable) {
      // Only the next start's log line depends on it.
      LOG.debugf("Could not mark %s as started: %s", installation, unwritable);
    }
  }

  /** Keycloak's last ERROR line, which names the cause (a locked database, a port in use, a bad realm file). */
  private String lastError() {
    try {
      List<String> errors = Files.readAllLines(log).stream().filter(line -> line.contains("ERROR")).toList();
      if (errors.isEmpty()) {
        return "exit code " + process.exitValue();
      }
      String line = errors.get(errors.size() - 1);
      String cause = line.replaceFirst("^.*?ERROR\\s+(\\[[^]]*]\\s+)?(\\([^)]*\\)\\s+)?", "");
      return cause.length() > 300 ? cause.substring(0, 300) + "..." : cause;
    } catch (IOException | RuntimeException unreadable) {
      return "exit code " + process.exitValue();
    }
  }

  /** The realm template with every placeholder filled, readable by its owner only (it holds secrets). */
  private static void writeRealm(Path template, Map<String, String> placeholders, Path target) throws IOException {
    Matcher matcher = PLACEHOLDER.matcher(Files.readString(template));
    StringBuilder realm = new StringBuilder();
    while (matcher.find()) {
      String value = placeholders.get(matcher.group(1));
      if (value == null) {
        throw new IllegalArgumentException("No value for ${" + matcher.group(1) + "} in " + template);
      }
      matcher.appendReplacement(realm, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(realm);
    Files.deleteIfExists(target);
    Files.createFile(target, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(target, realm);
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
      throw new LaunchException("No Keycloak distribution at " + distribution + "; build the platform first (./mvnw package copies it "
          + "there), or point WARMSTART_KEYCLOAK_URL at a Keycloak", null);
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
