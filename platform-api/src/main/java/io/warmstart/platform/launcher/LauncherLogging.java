package io.warmstart.platform.launcher;

import io.quarkus.bootstrap.logging.InitialConfigurator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;
import org.jboss.logmanager.handlers.FileHandler;

/**
 * Logging while the launcher starts Keycloak and PostgreSQL, before Quarkus configures its own.
 * Quarkus holds back every record until then, and if start-up fails it prints all of them (DEBUG
 * included: thousands of lines of HTTP client and certificate details) with the one useful line
 * last. Here the console gets INFO and above as they happen, and a file in WARMSTART_HOME/logs gets
 * the details; a failure is then one line that names that file.
 */
final class LauncherLogging {

  private LauncherLogging() {}

  /** Installs the launcher's handlers and returns the file they write to. */
  static Path install(Path home) {
    Path log = home.resolve("logs").resolve("launcher.log");
    ConsoleHandler console = new ConsoleHandler(new PatternFormatter("%d{HH:mm:ss} %-5p [%c{1.}] %s%n"));
    console.setLevel(Level.INFO);
    console.setFilter(record -> isAtLeast(record, Level.INFO) && (!from(record, "io.zonky") || isAtLeast(record, Level.WARNING)));
    Handler[] handlers = {console};
    try {
      Files.createDirectories(log.getParent());
      FileHandler file = new FileHandler(new PatternFormatter("%d{yyyy-MM-dd HH:mm:ss,SSS} %-5p [%c] (%t) %s%e%n"), log.toFile(), false);
      file.setLevel(Level.ALL);
      // The JDK's own HTTP and TLS debugging says nothing about why Warmstart did not start.
      file.setFilter(record -> !(from(record, "jdk.") || from(record, "sun.") || from(record, "javax.net")) || isAtLeast(record, Level.INFO));
      handlers = new Handler[] {console, file};
    } catch (IOException | RuntimeException unwritable) {
      log = null;
    }
    InitialConfigurator.DELAYED_HANDLER.setHandlers(handlers);
    return log;
  }

  private static boolean from(LogRecord record, String prefix) {
    return record.getLoggerName() != null && record.getLoggerName().startsWith(prefix);
  }

  private static boolean isAtLeast(LogRecord record, Level level) {
    return record.getLevel().intValue() >= level.intValue();
  }
}
