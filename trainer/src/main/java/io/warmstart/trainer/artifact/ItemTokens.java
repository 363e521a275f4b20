package io.warmstart.trainer.artifact;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Hashes an item's content into ids of the shared token table. Tokens carry their field
 * ("w:" title word, "y:"/"d:" year and decade, "c:" category, "t:" tag) so that "rock" the tag and
 * "rock" in a title stay apart. Because the table is indexed by content, not by tenant item id,
 * it transfers across tenants and gives a brand-new item a vector before anyone touched it.
 */
public final class ItemTokens {
  private ItemTokens() {}

  public static int[] tokenIds(String title, List<String> categories, List<String> tags, ModelConfig cfg) {
    Set<String> tokens = new LinkedHashSet<>();
    for (String cat : categories) {
      tokens.add("c:" + cat.toLowerCase(Locale.ROOT));
    }
    for (String w : title.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (w.matches("(19|20)\\d\\d")) {
        tokens.add("y:" + w);
        tokens.add("d:" + w.substring(0, 3));
      } else if (w.length() >= 2) {
        tokens.add("w:" + w);
      }
    }
    for (String tag : tags) {
      tokens.add("t:" + tag.toLowerCase(Locale.ROOT));
    }
    return tokens.stream().limit(cfg.maxTokens()).mapToInt(t -> bucket(t, cfg.hashBuckets())).toArray();
  }

  /** FNV-1a 64 of the UTF-8 bytes; stable across JVMs, unlike String.hashCode's contract. */
  static int bucket(String token, int buckets) {
    long h = 0xcbf29ce484222325L;
    for (byte b : token.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return (int) Math.floorMod(h ^ (h >>> 29), (long) buckets);
  }
}
