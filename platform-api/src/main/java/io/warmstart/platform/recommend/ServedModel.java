package io.warmstart.platform.recommend;

import io.warmstart.platform.models.TenantModel;
import io.warmstart.trainer.artifact.ServingModel;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A tenant's promoted model as loaded into memory, with the registry version it came from, and its
 * item index once one is built ({@link ItemIndex}; big catalogues only). The index belongs to this
 * model, so a promotion swaps both at once; until it is built, the model scores every item.
 */
record ServedModel(String tenantId, int version, ServingModel model, AtomicReference<ItemIndex> indexSlot) {

  ServedModel(String tenantId, int version, ServingModel model) {
    this(tenantId, version, model, new AtomicReference<>());
  }

  String label() {
    return TenantModel.label(version);
  }

  /** The item index, or null while it is being built or when the catalogue is small enough to score whole. */
  ItemIndex index() {
    return indexSlot.get();
  }
}
