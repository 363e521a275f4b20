package io.warmstart.trainer.data;

import java.util.List;

/** Content of one catalogue item as found in items.csv; every field may be empty. */
public record ItemContent(String title, List<String> categories, List<String> tags) {
  public static final ItemContent EMPTY = new ItemContent("", List.of(), List.of());
  /** The fields a method may read, as named on the command line. */
  public static final List<String> FIELDS = List.of("title", "categories", "tags");

  /** This content with only the given fields; the others read as empty. */
  public ItemContent keep(java.util.Collection<String> fields) {
    return new ItemContent(fields.contains("title") ? title : "", fields.contains("categories") ? categories : List.of(),
        fields.contains("tags") ? tags : List.of());
  }
}
