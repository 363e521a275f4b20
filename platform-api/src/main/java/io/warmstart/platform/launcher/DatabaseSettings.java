package io.warmstart.platform.launcher;

import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/** Reads, before Quarkus starts, whether an external database was configured and where to keep an embedded one. */
final class DatabaseSettings {

  private DatabaseSettings() {}

  /** The JDBC URL from WARMSTART_DB_URL or the standard Quarkus keys, if any is set. */
  static Optional<String> configuredJdbcUrl() {
    return Stream.of(
            System.getProperty("warmstart.db.url"),
            System.getenv("WARMSTART_DB_URL"),
            System.getProperty("quarkus.datasource.jdbc.url"),
            System.getenv("QUARKUS_DATASOURCE_JDBC_URL"))
        .filter(value -> value != null && !value.isBlank())
        .findFirst()
        .map(DatabaseSettings::withUserFromEnvironment);
  }

  private static String withUserFromEnvironment(String url) {
    copyEnvironmentToProperty("WARMSTART_DB_USER", "warmstart.db.user");
    copyEnvironmentToProperty("WARMSTART_DB_PASSWORD", "warmstart.db.password");
    System.setProperty("warmstart.db.url", url);
    return url;
  }

  private static void copyEnvironmentToProperty(String variable, String property) {
    String value = System.getenv(variable);
    if (value != null && System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }

  /**
   * WARMSTART_HOME (default ~/.warmstart) holds the installation's secrets, the embedded database's data
   * directory, the local Keycloak, logs, pid files and the unpacked libtorch.
   */
  static Path home() {
    String home = System.getProperty("warmstart.home", System.getenv("WARMSTART_HOME"));
    Path chosen = home == null || home.isBlank() ? Path.of(System.getProperty("user.home"), ".warmstart") : Path.of(home);
    // Absolute: the local Keycloak is recognised by its installation path, in its command line.
    return chosen.toAbsolutePath().normalize();
  }

  static Path embeddedDataDirectory() {
    return home().resolve("pgdata");
  }

  /** Drops credentials from a URL before it is logged. */
  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&]*", "$1***");
  }
}
