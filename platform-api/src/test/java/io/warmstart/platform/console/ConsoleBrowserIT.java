package io.warmstart.platform.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warmstart.platform.launcher.EmbeddedDatabase;
import io.warmstart.platform.launcher.SharedKeycloak;
import io.warmstart.platform.support.PlatformProcess;
import io.warmstart.platform.support.TestDatabases;
import io.warmstart.platform.support.TestRealm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's browser tests (tenant-console/tests, Playwright driving Debian's Chromium) against
 * the packaged platform and a real Keycloak: sign-in, uploads, recommendations, model versions,
 * secret rotation, tenant isolation, settings, a phone-sized screen. The platform runs as a process
 * exactly as {@code ./warmstart run} starts it, with its own embedded PostgreSQL; the browser tests
 * get its address and Keycloak's in the environment. Screenshots of the main pages land in
 * target/console-screenshots (the ones in docs/screenshots come from there).
 */
class ConsoleBrowserIT {

  private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
  private static final Path CONSOLE = Path.of("..", "tenant-console");
  private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium"));

  @Test
  void theConsoleWorksInARealBrowser(@TempDir Path home) throws Exception {
    assertTrue(Files.exists(JAR), "package the application first: " + JAR.toAbsolutePath());
    assertTrue(Files.isExecutable(CHROMIUM),
        "the console's browser tests need Chromium at " + CHROMIUM + ": install it (apt-get install -y chromium) or set CHROMIUM_PATH");
    assertTrue(Files.isDirectory(CONSOLE.resolve("node_modules").resolve("@playwright")), "build tenant-console first (npm ci)");
    String keycloak = SharedKeycloak.get().baseUrl();
    List<Process> processes = new ArrayList<>();
    try (EmbeddedDatabase database = TestDatabases.start(home.resolve("pgdata"))) {
      int port = PlatformProcess.freePort();
      ProcessBuilder platform = new ProcessBuilder(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m", "-jar", JAR.toString());
      Map<String, String> env = platform.environment();
      env.put("WARMSTART_HOME", home.toString());
      env.put("WARMSTART_PORT", Integer.toString(port));
      TestDatabases.use(env, database);
      TestRealm.useKeycloak(env, keycloak);
      env.put("WARMSTART_TRAINING_META_TRAIN_CRON", "off");
      env.put("ENGINE_CACHE_DIR", Path.of("target", "djl-cache").toAbsolutePath().toString());
      Path platformLog = Path.of("target", "console-it-platform.log");
      platform.redirectErrorStream(true).redirectOutput(platformLog.toFile());
      Process server = platform.start();
      processes.add(server);
      PlatformProcess.awaitReady("http://localhost:" + port, server);

      ProcessBuilder browserTests = new ProcessBuilder("npx", "playwright", "test").directory(CONSOLE.toFile());
      Map<String, String> testEnv = browserTests.environment();
      testEnv.put("CONSOLE_BASE_URL", "http://localhost:" + port);
      testEnv.put("KEYCLOAK_URL", keycloak);
      testEnv.put("OPERATOR_CLIENT_SECRET", TestRealm.OPERATOR_SECRET);
      testEnv.put("OPERATOR_PASSWORD", TestRealm.OPERATOR_PASSWORD);
      testEnv.put("CHROMIUM_PATH", CHROMIUM.toString());
      testEnv.put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
      testEnv.put("CONSOLE_SCREENSHOTS", Path.of("target", "console-screenshots").toAbsolutePath().toString());
      testEnv.put("CONSOLE_TEST_OUTPUT", Path.of("target", "console-test-results").toAbsolutePath().toString());
      browserTests.redirectErrorStream(true);
      Process tests = browserTests.start();
      processes.add(tests);
      // Through System.out, so the test report has each browser test's line (INHERIT would bypass it).
      Thread echo = new Thread(() -> new java.io.BufferedReader(new java.io.InputStreamReader(tests.getInputStream()))
          .lines().forEach(line -> System.out.println("[browser] " + line)));
      echo.setDaemon(true);
      echo.start();
      boolean finished = tests.waitFor(15, TimeUnit.MINUTES);
      assertTrue(finished, "the browser tests did not finish within 15 minutes");
      assertEquals(0, tests.exitValue(),
          "browser tests failed (their output is above; the platform's log is " + platformLog.toAbsolutePath() + ")");
    } finally {
      for (Process process : processes) {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      }
    }
  }
}
