package io.warmstart.platform.recommend;

import io.warmstart.platform.models.TenantModel;
import io.warmstart.trainer.artifact.ServingModel;

/** A tenant's promoted model as loaded into memory, with the registry version it came from. */
record ServedModel(String tenantId, int version, ServingModel model) {
  String label() {
    return TenantModel.label(version);
  }
}
