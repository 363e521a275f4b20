package io.warmstart.platform.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The settings of the `kubernetes` profile (QUARKUS_PROFILE=prod,kubernetes in infra/k8s/10-config.yaml),
 * resolved from application.properties the way Quarkus resolves them at run time: JSON console logs in the
 * cluster only, the line format everywhere else. No application is started: this is about configuration.
 */
class ClusterProfileTest {

  @Test
  void jsonLogsOnlyInTheKubernetesProfile() throws IOException {
    assertTrue(config("prod", "kubernetes").getValue("quarkus.log.console.json.enabled", Boolean.class), "JSON logs in the cluster");
    assertFalse(config("prod").getValue("quarkus.log.console.json.enabled", Boolean.class), "./warmstart keeps the line format");
    assertFalse(config("test").getValue("quarkus.log.console.json.enabled", Boolean.class));
    assertFalse(config("dev").getValue("quarkus.log.console.json.enabled", Boolean.class));
  }

  @Test
  void oneProcessMigratesAtStartUnlessTheClusterSaysOtherwise() throws IOException {
    // The single-machine default; the manifests turn it off per pod with QUARKUS_FLYWAY_MIGRATE_AT_START=false
    // (checked by infra/k8s/validation's ManifestConsistencyTest), since the migration Job does it there.
    assertEquals(Boolean.TRUE, config("prod").getValue("quarkus.flyway.migrate-at-start", Boolean.class));
  }

  private static SmallRyeConfig config(String... profiles) throws IOException {
    URL properties = ClusterProfileTest.class.getClassLoader().getResource("application.properties");
    return new SmallRyeConfigBuilder()
        .withProfiles(List.of(profiles))
        .withSources(new PropertiesConfigSource(properties, 250))
        .build();
  }
}
