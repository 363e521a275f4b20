package io.warmstart.trainer.data;

import java.util.List;

/** What any method may know about a tenant besides its support events: items and their content. */
public record Catalogue(String tenant, List<String> itemIds, List<ItemContent> content) {
  public int size() {
    return itemIds.size();
  }

  public static Catalogue of(TenantData t) {
    return new Catalogue(t.name(), t.itemIds(), t.content());
  }
}
