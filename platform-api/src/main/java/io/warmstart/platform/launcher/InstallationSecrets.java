package io.warmstart.platform.launcher;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;

/**
 * The secrets of one installation (one WARMSTART_HOME), generated at its first start and kept in
 * {@code credentials} there, readable by its owner only: the local Keycloak's operator password and
 * client secrets, its admin password, and the embedded PostgreSQL's password. Nothing is a fixed,
 * published value; {@code ./warmstart credentials} shows them again.
 *
 * @param operatorPassword the {@code operator} account's password (console sign-in)
 * @param operatorClientSecret the {@code warmstart-operator} client's secret (operators' scripts)
 * @param platformClientSecret the {@code warmstart-platform} client's secret (the platform's own admin calls)
 * @param keycloakAdminPassword the {@code admin} account of Keycloak's master realm
 * @param databasePassword the embedded PostgreSQL's {@code postgres} role
 * @param created whether this start generated them (the banner shows them once)
 */
record InstallationSecrets(
    String operatorPassword,
    String operatorClientSecret,
    String platformClientSecret,
    String keycloakAdminPassword,
    String databasePassword,
    boolean created) {

  static final String FILE = "credentials";
  /** Where releases before this file kept Keycloak's admin password; taken over once. */
  private static final String OLD_ADMIN_PASSWORD_FILE = "keycloak-admin-password";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The installation's secrets, generated and stored on its first start. */
  static InstallationSecrets loadOrCreate(Path home) {
    Path file = home.resolve(FILE);
    try {
      if (Files.exists(file)) {
        return read(file);
      }
      Files.createDirectories(home);
      Path oldAdminFile = home.resolve(OLD_ADMIN_PASSWORD_FILE);
      String adminPassword = Files.exists(oldAdminFile) ? Files.readString(oldAdminFile).trim() : token(16);
      InstallationSecrets secrets = new InstallationSecrets(readablePassword(), token(32), token(32), adminPassword, token(24), true);
      write(secrets, file);
      Files.deleteIfExists(oldAdminFile);
      return secrets;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not keep the installation's secrets in " + file, e);
    }
  }

  /** The stored secrets, if this installation has started before. */
  static InstallationSecrets read(Path file) throws IOException {
    Properties values = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      values.load(in);
    }
    return new InstallationSecrets(required(values, "operator.password", file), required(values, "operator.client-secret", file),
        required(values, "platform.client-secret", file), required(values, "keycloak.admin-password", file),
        required(values, "database.password", file), false);
  }

  private static String required(Properties values, String key, Path file) {
    String value = values.getProperty(key);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(file + " has no " + key + "; restore it from a backup, or move the whole folder away to start afresh");
    }
    return value.trim();
  }

  private static void write(InstallationSecrets secrets, Path file) throws IOException {
    Path staging = file.resolveSibling(FILE + ".new");
    Files.deleteIfExists(staging);
    Files.createFile(staging, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try (Writer out = Files.newBufferedWriter(staging)) {
      out.write("# Secrets of this Warmstart installation, generated at its first start. Only its owner may read this file.\n");
      out.write("# ./warmstart credentials shows them. The client secrets are applied to the local Keycloak at every\n");
      out.write("# start; the passwords are set only when first created (change one there and here together).\n");
      out.write("operator.password=" + secrets.operatorPassword() + "\n");
      out.write("operator.client-secret=" + secrets.operatorClientSecret() + "\n");
      out.write("platform.client-secret=" + secrets.platformClientSecret() + "\n");
      out.write("keycloak.admin-password=" + secrets.keycloakAdminPassword() + "\n");
      out.write("database.password=" + secrets.databasePassword() + "\n");
    }
    Files.move(staging, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** Random bytes as hex: safe in URLs, forms and command lines (never starts with a dash). */
  private static String token(int bytes) {
    byte[] random = new byte[bytes];
    RANDOM.nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  /** Four groups of five lower-case letters and digits (about 100 bits), easy to type at a sign-in form. */
  private static String readablePassword() {
    String alphabet = "abcdefghijkmnopqrstuvwxyz23456789";
    StringBuilder password = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      if (i > 0 && i % 5 == 0) {
        password.append('-');
      }
      password.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return password.toString();
  }
}
