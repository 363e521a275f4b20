package io.warmstart.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.warmstart.trainer.split.HoldoutSelector;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Reads the shared benchmark data when this machine has it; skipped (with a reason) otherwise. */
class SharedDataTest {
  /** shared/ sits beside the checkout (tests run in trainer/, so two levels up). */
  private static final Path ROOT = Path.of(System.getProperty("warmstart.data", "../../shared/data"));

  @Test
  void readsTheShippedLastFmLayoutWithoutTimestamps() throws Exception {
    Path dir = ROOT.resolve("lastfm-genres");
    assumeTrue(Files.isRegularFile(dir.resolve("interactions.csv")),
        "shared data not found at " + dir + " (set -Dwarmstart.data=DIR); skipping");
    Dataset d = DatasetReader.read(dir);
    assertEquals(16, d.tenants().size());
    int rows = d.tenants().stream().mapToInt(TenantData::numInteractions).sum();
    assertEquals(77_510, rows);
    assertTrue(d.tenants().stream().allMatch(t -> t.timestamps()[0] == TenantData.MISSING_TIME));
    assertTrue(d.tenants().stream().filter(HoldoutSelector::eligible).count() >= 10);
  }
}
