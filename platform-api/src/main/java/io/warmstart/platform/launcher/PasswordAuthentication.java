package io.warmstart.platform.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Moves a cluster made by an earlier release, whose {@code pg_hba.conf} trusts every local user
 * (anyone on the machine could connect as {@code postgres} and bypass row-level security), to
 * password authentication: the role gets the installation's password, every {@code trust} line
 * becomes {@code scram-sha-256}, and the server reloads its configuration.
 */
final class PasswordAuthentication {

  private static final Logger LOG = Logger.getLogger(PasswordAuthentication.class);

  private PasswordAuthentication() {}

  static void requireFor(EmbeddedDatabase database, Path hba) throws IOException {
    List<String> lines = Files.readAllLines(hba);
    if (lines.stream().noneMatch(PasswordAuthentication::trusts)) {
      return;
    }
    try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
      statement.execute("SET password_encryption = 'scram-sha-256'");
      // ALTER ROLE takes no bind parameters; the literal is quoted the SQL way.
      statement.execute("ALTER ROLE " + EmbeddedDatabase.USER + " PASSWORD '" + database.password().replace("'", "''") + "'");
      Files.write(hba, lines.stream().map(line -> trusts(line) ? line.replaceFirst("trust\\s*$", "scram-sha-256") : line).toList());
      statement.execute("SELECT pg_reload_conf()");
    } catch (SQLException e) {
      throw new LaunchException("Could not give the embedded PostgreSQL a password: " + e.getMessage(), null);
    }
    LOG.warnf("The embedded PostgreSQL let every local user in without a password; it now asks for this installation's "
        + "(database.password, ./warmstart credentials). %s was changed.", hba);
  }

  private static boolean trusts(String line) {
    String rule = line.strip();
    return !rule.startsWith("#") && rule.matches(".*\\strust$");
  }
}
