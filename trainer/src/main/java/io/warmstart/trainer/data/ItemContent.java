package io.warmstart.trainer.data;

import java.util.List;

/** Content of one catalogue item as found in items.csv; every field may be empty. */
public record ItemContent(String title, List<String> categories, List<String> tags) {
  public static final ItemContent EMPTY = new ItemContent("", List.of(), List.of());
}
