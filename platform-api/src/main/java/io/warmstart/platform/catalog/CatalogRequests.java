package io.warmstart.platform.catalog;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Request and response bodies of the item and user endpoints. */
public final class CatalogRequests {

  private CatalogRequests() {}

  /** An item to create or replace: fields left out take their defaults (no categories, available). */
  public record ItemInput(
      String id, String title, List<String> categories, List<String> tags, Map<String, Object> attributes, Boolean available) {}

  /** A user to create or replace. */
  public record UserInput(String id, Map<String, Object> attributes) {}

  public record ItemView(
      String id,
      String title,
      List<String> categories,
      List<String> tags,
      Map<String, Object> attributes,
      boolean available,
      boolean placeholder,
      Instant createdAt,
      Instant updatedAt) {

    static ItemView of(CatalogItem item) {
      return new ItemView(
          item.itemId,
          item.title,
          item.categories == null ? List.of() : Arrays.asList(item.categories),
          item.tags == null ? List.of() : Arrays.asList(item.tags),
          item.attributes == null ? Map.of() : item.attributes,
          item.available,
          item.placeholder,
          item.createdAt,
          item.updatedAt);
    }
  }

  public record UserView(String id, Map<String, Object> attributes, Instant createdAt, Instant updatedAt) {
    static UserView of(TenantUser user) {
      return new UserView(user.userId, user.attributes == null ? Map.of() : user.attributes, user.createdAt, user.updatedAt);
    }
  }

  /** What deleting a user or an item removed. */
  public record Deletion(String id, long events) {}
}
