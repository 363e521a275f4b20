package io.warmstart.trainer.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.warmstart.trainer.artifact.ModelArtifact;
import io.warmstart.trainer.data.SyntheticGenerator;
import io.warmstart.trainer.data.TenantData;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MetaTrainingTest {
  @Test
  void holdsOutTenantsValidatesAndRecordsTheDecision() throws Exception {
    List<TenantData> tenants = new SyntheticGenerator(4).generate(4, 500, 1200, true).tenants();
    List<Double> fractions = new ArrayList<>();
    MetaTraining.Outcome first = MetaTraining.train(tenants, null, new MetaTraining.Options("metasgd", 30, 60, 1),
        (f, m) -> fractions.add(f));
    System.out.println("first: " + first.reason() + ", " + first.steps() + " steps, " + first.seconds() + " s");
    assertEquals(30, first.steps());
    assertEquals(1, first.validationTenants().size(), "a fifth of 4 tenants, at least one");
    assertEquals(3, first.trainingTenants().size());
    Set<String> overlap = new HashSet<>(first.trainingTenants());
    overlap.retainAll(first.validationTenants());
    assertTrue(overlap.isEmpty(), "validation tenants are never trained on");
    assertNotNull(first.validationNdcg());
    assertNotNull(first.popularityValidationNdcg());
    assertEquals(first.validationNdcg() > first.popularityValidationNdcg(), first.promote(), first.reason());
    for (int k = 1; k < fractions.size(); k++) {
      assertTrue(fractions.get(k) >= fractions.get(k - 1), "progress only moves forward: " + fractions);
    }
    assertTrue(fractions.size() > 5, "meta-training reports as it goes: " + fractions);
    assertEquals(1.0, fractions.get(fractions.size() - 1));

    try (NDManager m = NDManager.newBaseManager()) {
      ModelArtifact a = ModelArtifact.read(first.artifact(), m);
      assertEquals(ModelArtifact.KIND_META_INIT, a.kind());
      assertEquals(first.validationNdcg(), a.metadata().getAsJsonObject("metrics").get("val_ndcg@10").getAsDouble());
      assertEquals(first.reason(), a.metadata().getAsJsonObject("decision").get("reason").getAsString());
      JsonArray held = a.metadata().getAsJsonObject("data").getAsJsonArray("validation_tenants");
      assertEquals(first.validationTenants().get(0), held.get(0).getAsString());
    }

    // The new init adapts to a tenant through the library, which records where it came from.
    TenantAdapter.Outcome adapted = TenantAdapter.adapt(first.artifact(), "init-v1", null, tenants.get(0), 1, null);
    try (NDManager m = NDManager.newBaseManager()) {
      JsonObject parent = ModelArtifact.read(adapted.artifact(), m).metadata().getAsJsonObject("parent");
      assertEquals("init-v1", parent.get("label").getAsString());
      assertEquals(ModelArtifact.sha256(first.artifact()), parent.get("sha256").getAsString());
      assertEquals("metasgd", parent.get("method").getAsString());
    }

    MetaTraining.Outcome second = MetaTraining.train(tenants, first.artifact(), new MetaTraining.Options("metasgd", 5, 60, 1), null);
    System.out.println("second: " + second.reason());
    assertNotNull(second.incumbentValidationNdcg());
    assertEquals(first.validationNdcg(), second.incumbentValidationNdcg(), 1e-9,
        "the incumbent is measured exactly as it was measured when it was trained");
    assertEquals(second.validationNdcg() > second.popularityValidationNdcg()
        && second.validationNdcg() > second.incumbentValidationNdcg(), second.promote(), second.reason());
  }

  @Test
  void validationPrefersTenantsTheIncumbentNeverSaw() {
    List<TenantData> tenants = new SyntheticGenerator(6).generate(5, 400, 600, true).tenants();
    JsonObject incumbent = new JsonObject();
    JsonObject data = new JsonObject();
    JsonArray trainedOn = new JsonArray();
    List.of("tenant-0", "tenant-1", "tenant-2", "tenant-4").forEach(trainedOn::add);
    data.add("tenants", trainedOn);
    incumbent.add("data", data);
    Set<String> withoutIncumbent = new HashSet<>();
    for (long seed = 1; seed <= 8; seed++) {
      assertEquals(List.of("tenant-3"), MetaTraining.validationTenants(tenants, incumbent, seed));
      withoutIncumbent.addAll(MetaTraining.validationTenants(tenants, null, seed));
    }
    assertTrue(withoutIncumbent.size() > 1, "without an incumbent the seed decides: " + withoutIncumbent);
    assertEquals(List.of(), MetaTraining.validationTenants(tenants.subList(0, 2), null, 1));
  }

  @Test
  void tooFewTenantsPromoteUnvalidatedOnlyWithoutAnIncumbent() {
    List<TenantData> tenants = new SyntheticGenerator(4).generate(2, 400, 600, true).tenants();
    MetaTraining.Outcome first = MetaTraining.train(tenants, null, new MetaTraining.Options("reptile", 3, 60, 1), null);
    assertTrue(first.promote());
    assertEquals("no tenants left for meta-validation; promoted unvalidated", first.reason());
    assertEquals(List.of(), first.validationTenants());
    assertEquals(2, first.trainingTenants().size());
    MetaTraining.Outcome second = MetaTraining.train(tenants, first.artifact(), new MetaTraining.Options("reptile", 3, 60, 1), null);
    assertFalse(second.promote());
    assertTrue(second.reason().startsWith("rejected: no tenants left for meta-validation"), second.reason());
  }
}
