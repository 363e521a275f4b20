package io.warmstart.platform.launcher;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only a Keycloak installation that has never served the realm is announced as a slow first start. */
class KeycloakFirstStartTest {

  @Test
  void onlyTheFirstStartOfAnInstallationIsSlow(@TempDir Path home) throws Exception {
    Path installation = Files.createDirectories(home.resolve("keycloak"));
    assertTrue(KeycloakServer.isFirstStart(installation), "a fresh installation");
    KeycloakServer.markStarted(installation);
    assertFalse(KeycloakServer.isFirstStart(installation), "once Keycloak has served the realm from it");
    KeycloakServer.markStarted(installation);
    assertFalse(KeycloakServer.isFirstStart(installation), "marking it again changes nothing");
    assertTrue(KeycloakServer.isFirstStart(home.resolve("elsewhere")), "another (or a deleted and unpacked again) installation");
    Path older = Files.createDirectories(home.resolve("older").resolve("data").resolve("h2")).getParent().getParent();
    assertFalse(KeycloakServer.isFirstStart(older), "an installation whose file database shows it started before the marker existed");
  }
}
