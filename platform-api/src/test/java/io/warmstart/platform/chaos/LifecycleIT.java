package io.warmstart.platform.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.warmstart.platform.support.LaunchedPlatform;
import io.warmstart.platform.support.PlatformProcess;
import io.warmstart.platform.support.Tokens;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged platform on its own, as {@code ./warmstart run} starts it: it starts its own Keycloak
 * and PostgreSQL, with secrets generated for the installation. Killed with SIGKILL three times, it
 * starts again each time with no manual step (it stops what the killed one left running); a second
 * platform on the same home is refused; a SIGTERM to its PID (what a service manager sends) leaves
 * no process and no port behind. The installation's home lives in target/ so that Keycloak's
 * one-time build step is paid once per clean build.
 */
class LifecycleIT {

  private static final Path HOME = Path.of("target", "lifecycle-it", "home").toAbsolutePath();
  private static final Path LOGS = Path.of("target", "lifecycle-it");
  private static final Duration START_LIMIT = Duration.ofMinutes(4);
  private static final int KILLS = 3;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void thePlatformOwnsItsKeycloakAndDatabaseThroughKillsAndSignals() throws Exception {
    int port = PlatformProcess.freePort();
    int keycloakPort = PlatformProcess.freePort();
    LaunchedPlatform platform = start(port, keycloakPort, "start-0");
    platform.awaitReady(START_LIMIT);
    assertSecretsAreTheInstallationsOwn(platform, keycloakPort);
    String operator = operatorToken(platform, keycloakPort);
    String tenant = "lifecycle-" + Long.toString(System.nanoTime(), 36);
    HttpResponse<String> created = PlatformProcess.send("POST", platform.base() + "/v1/tenants", operator,
        "{\"id\":\"" + tenant + "\",\"displayName\":\"Lifecycle\",\"kind\":\"media\",\"settings\":{\"autoTraining\":false}}");
    assertEquals(201, created.statusCode(), created.body());
    var credential = JSON.readTree(created.body()).get("apiCredentials");
    String tenantToken = Tokens.freshToken("http://127.0.0.1:" + keycloakPort, credential.get("clientId").asText(),
        credential.get("clientSecret").asText());
    assertEquals(200, PlatformProcess.send("POST", platform.base() + "/v1/events", tenantToken,
        "{\"events\":[{\"eventId\":\"kept\",\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"view\"}]}").statusCode());
    assertASecondPlatformIsRefused(port);

    // Round 1 restarts an installation as releases before generated secrets left it; the start must migrate it.
    OldInstallation.restore(keycloak(keycloakPort), platform.credential("keycloak.admin-password"), HOME.resolve("pgdata"));
    for (int round = 1; round <= KILLS; round++) {
      List<ProcessHandle> children = children(platform);
      List<ProcessHandle> servers = servers(platform);
      platform.kill();
      // The database sessions of the killed JVM end with their sockets; the servers themselves stay.
      assertTrue(servers.stream().allMatch(ProcessHandle::isAlive), "kill -9 leaves Keycloak and PostgreSQL running (what this test is about)");
      long started = System.nanoTime();
      platform = start(port, keycloakPort, "start-" + round);
      platform.awaitReady(START_LIMIT);
      System.out.printf("[lifecycle] restart %d after kill -9: ready in %d s%n", round, (System.nanoTime() - started) / 1_000_000_000);
      assertTrue(children.stream().noneMatch(ProcessHandle::isAlive), "the killed platform's Keycloak and PostgreSQL were stopped");
      String log = Files.readString(platform.log());
      assertTrue(log.contains("Stopping the Keycloak") && log.contains("Stopping the PostgreSQL"), "the restart says what it stopped");
      HttpResponse<String> stats = PlatformProcess.send("GET", platform.base() + "/v1/tenants/" + tenant + "/stats",
          operatorToken(platform, keycloakPort), null);
      assertEquals(200, stats.statusCode(), stats.body());
      assertTrue(stats.body().contains("\"events\":1"), "the acknowledged event survived: " + stats.body());
      if (round == 1) {
        assertOldInstallationMigrated(platform, keycloakPort, log);
      }
    }

    List<ProcessHandle> all = children(platform);
    all.add(platform.process().toHandle());
    int databasePort = platform.databasePort();
    long signalled = System.nanoTime();
    int exit = platform.terminate(30);
    for (ProcessHandle process : all) {
      process.onExit().get(Math.max(1, 30_000_000_000L - (System.nanoTime() - signalled)), TimeUnit.NANOSECONDS);
    }
    System.out.printf("[lifecycle] SIGTERM: the platform, its Keycloak and PostgreSQL (%d processes) stopped in %d ms%n",
        all.size(), (System.nanoTime() - signalled) / 1_000_000);
    assertTrue(exit == 0 || exit == 143, "exit status after SIGTERM: " + exit);
    for (int used : List.of(port, keycloakPort, databasePort)) {
      assertTrue(free(used), "port " + used + " is free again");
    }
  }

  @Test
  void aStartUpFailureIsOneLineThatSaysWhereTheLogIs() throws Exception {
    Path log = LOGS.resolve("failing-start.log");
    Files.deleteIfExists(log);
    // An environment variable Keycloak reads and refuses: it exits during start-up.
    LaunchedPlatform platform = LaunchedPlatform.start(HOME, PlatformProcess.freePort(),
        Map.of("WARMSTART_KEYCLOAK_PORT", "0", "KC_LOG_LEVEL", "not-a-level"), log);
    assertTrue(platform.process().waitFor(5, TimeUnit.MINUTES), "a failed start ends");
    assertEquals(1, platform.process().exitValue());
    List<String> lines = Files.readAllLines(log);
    String failure = lines.stream().filter(line -> line.startsWith("Warmstart could not start:")).findFirst().orElse("");
    assertTrue(failure.contains("Keycloak exited during start-up") && failure.contains("not-a-level") && failure.contains("keycloak.log"),
        "one line with the cause and the log: " + failure);
    assertTrue(lines.size() <= 10, "a few lines, not thousands: " + lines.size());
    assertTrue(lines.stream().noneMatch(line -> line.contains("DEBUG")), String.join("\n", lines));
    assertTrue(platform.recorded("keycloak").isEmpty(), "the Keycloak that failed is not left running");
  }

  private static LaunchedPlatform start(int port, int keycloakPort, String name) throws IOException {
    // A new log per start: what the assertions read must come from this start, not a previous build's.
    Files.deleteIfExists(LOGS.resolve(name + ".log"));
    return LaunchedPlatform.start(HOME, port, Map.of("WARMSTART_KEYCLOAK_PORT", Integer.toString(keycloakPort)), LOGS.resolve(name + ".log"));
  }

  private static void assertSecretsAreTheInstallationsOwn(LaunchedPlatform platform, int keycloakPort) throws IOException {
    Path credentials = HOME.resolve("credentials");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials)));
    String keycloak = "http://127.0.0.1:" + keycloakPort;
    assertEquals(401, Tokens.tryTokenFrom(keycloak, "warmstart-operator", "warmstart-operator-dev-secret").statusCode(),
        "the published secret is refused");
    assertEquals(200, Tokens.tryTokenFrom(keycloak, "warmstart-operator", platform.credential("operator.client-secret")).statusCode());
    assertFalse(platform.credential("operator.password").equals("operator"));
  }

  /** What {@link OldInstallation} put back is gone: published secrets refused, the database asks for the installation's password. */
  private static void assertOldInstallationMigrated(LaunchedPlatform platform, int keycloakPort, String log) throws Exception {
    String keycloak = keycloak(keycloakPort);
    assertEquals(401, Tokens.tryTokenFrom(keycloak, "warmstart-operator", OldInstallation.OPERATOR_SECRET).statusCode());
    assertEquals(401, Tokens.tryTokenFrom(keycloak, "warmstart-platform", OldInstallation.PLATFORM_SECRET).statusCode());
    assertFalse(OldInstallation.operatorSignsInWith(keycloak, OldInstallation.OPERATOR_PASSWORD), "the published operator password is refused");
    assertTrue(OldInstallation.operatorSignsInWith(keycloak, platform.credential("operator.password")));
    assertTrue(log.contains("had the published development secret") && log.contains("still had the published password"),
        "the migration is loud");
    String url = "jdbc:postgresql://localhost:" + platform.databasePort() + "/postgres";
    assertThrows(SQLException.class, () -> DriverManager.getConnection(url, "postgres", "").close(), "no password, no connection");
    DriverManager.getConnection(url, "postgres", platform.credential("database.password")).close();
    assertTrue(log.contains("let every local user in without a password"), "the database's migration is loud");
  }

  private static String keycloak(int keycloakPort) {
    return "http://127.0.0.1:" + keycloakPort;
  }

  private static String operatorToken(LaunchedPlatform platform, int keycloakPort) throws IOException {
    return Tokens.freshToken("http://127.0.0.1:" + keycloakPort, "warmstart-operator", platform.credential("operator.client-secret"));
  }

  private static void assertASecondPlatformIsRefused(int port) throws Exception {
    Path log = LOGS.resolve("second-platform.log");
    Files.deleteIfExists(log);
    LaunchedPlatform second = LaunchedPlatform.start(HOME, PlatformProcess.freePort(), Map.of(), log);
    assertTrue(second.process().waitFor(60, TimeUnit.SECONDS), "the second platform gives up at once");
    assertEquals(1, second.process().exitValue());
    assertTrue(Files.readString(log).contains("Another Warmstart platform is running from " + HOME), Files.readString(log));
  }

  /** Keycloak (kc.sh and its JVM) and the PostgreSQL server (postmaster), without the server's per-session backends. */
  private static List<ProcessHandle> servers(LaunchedPlatform platform) throws IOException {
    ProcessHandle keycloak = platform.recorded("keycloak").orElseThrow();
    List<ProcessHandle> servers = new ArrayList<>(keycloak.descendants().toList());
    servers.add(keycloak);
    servers.add(platform.postmaster().orElseThrow());
    return servers;
  }

  /** Keycloak (kc.sh and its JVM) and the PostgreSQL server with its backends. */
  private static List<ProcessHandle> children(LaunchedPlatform platform) throws IOException {
    List<ProcessHandle> children = new ArrayList<>();
    for (ProcessHandle root : List.of(platform.recorded("keycloak").orElseThrow(), platform.postmaster().orElseThrow())) {
      children.add(root);
      children.addAll(root.descendants().toList());
    }
    return children;
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException taken) {
      return false;
    }
  }
}
