package io.warmstart.trainer.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a dataset folder in the canonical layout ({@code interactions.csv} with
 * tenant,user,item,value,timestamp and an optional {@code items.csv} with
 * tenant,item,title,categories,tags). Columns are found by header name, so extra columns are fine.
 */
public final class DatasetReader {
  private DatasetReader() {}

  public static Dataset read(Path dir) throws IOException {
    return read(dir, ItemContent.FIELDS);
  }

  /**
   * As {@link #read(Path)}, keeping only the given content fields (protocol v3's headline runs read
   * title and categories: tags were aggregated over the whole log, test period included).
   */
  public static Dataset read(Path dir, java.util.Collection<String> contentFields) throws IOException {
    for (String f : contentFields) {
      if (!ItemContent.FIELDS.contains(f)) {
        throw new IllegalArgumentException("unknown content field '" + f + "', expected some of " + ItemContent.FIELDS);
      }
    }
    Path interactions = dir.resolve("interactions.csv");
    if (!Files.isRegularFile(interactions)) {
      throw new IOException("no interactions.csv in " + dir);
    }
    Map<String, Map<String, ItemContent>> content = new HashMap<>();
    Path items = dir.resolve("items.csv");
    if (Files.isRegularFile(items)) {
      content = readItems(items);
      content.values().forEach(m -> m.replaceAll((id, c) -> c.keep(contentFields)));
    }
    Map<String, TenantDataBuilder> builders = readInteractions(interactions);
    for (String tenant : content.keySet()) {
      builders.computeIfAbsent(tenant, TenantDataBuilder::new);
    }
    List<TenantData> tenants = new ArrayList<>();
    for (Map.Entry<String, TenantDataBuilder> e : builders.entrySet()) {
      content.getOrDefault(e.getKey(), Map.of()).forEach(e.getValue()::addItem);
      tenants.add(e.getValue().build());
    }
    return new Dataset(dir.getFileName().toString(), tenants);
  }

  private static Map<String, TenantDataBuilder> readInteractions(Path file) throws IOException {
    Map<String, TenantDataBuilder> tenants = new LinkedHashMap<>();
    try (CsvReader csv = open(file)) {
      Map<String, Integer> col = header(csv.next(), file, "tenant", "user", "item");
      Integer tsCol = col.get("timestamp");
      List<String> row;
      while ((row = csv.next()) != null) {
        if (row.size() == 1 && row.get(0).isBlank()) {
          continue;
        }
        String tenant = row.get(col.get("tenant"));
        String ts = tsCol != null && tsCol < row.size() ? row.get(tsCol).trim() : "";
        tenants
            .computeIfAbsent(tenant, TenantDataBuilder::new)
            .addEvent(row.get(col.get("user")), row.get(col.get("item")), parseTime(ts));
      }
    }
    return tenants;
  }

  private static long parseTime(String ts) {
    if (ts.isEmpty()) {
      return TenantData.MISSING_TIME;
    }
    try {
      return (long) Double.parseDouble(ts);
    } catch (NumberFormatException e) {
      return TenantData.MISSING_TIME;
    }
  }

  private static Map<String, Map<String, ItemContent>> readItems(Path file) throws IOException {
    Map<String, Map<String, ItemContent>> out = new HashMap<>();
    try (CsvReader csv = open(file)) {
      Map<String, Integer> col = header(csv.next(), file, "tenant", "item");
      List<String> row;
      while ((row = csv.next()) != null) {
        if (row.size() < 2) {
          continue;
        }
        ItemContent c =
            new ItemContent(
                field(row, col.get("title")),
                splitBar(field(row, col.get("categories"))),
                splitBar(field(row, col.get("tags"))));
        out.computeIfAbsent(row.get(col.get("tenant")), t -> new HashMap<>())
            .put(row.get(col.get("item")), c);
      }
    }
    return out;
  }

  private static String field(List<String> row, Integer index) {
    return index == null || index >= row.size() ? "" : row.get(index);
  }

  private static List<String> splitBar(String s) {
    if (s.isBlank()) {
      return List.of();
    }
    return Arrays.stream(s.split("\\|")).map(String::trim).filter(x -> !x.isEmpty()).toList();
  }

  private static Map<String, Integer> header(List<String> head, Path file, String... required)
      throws IOException {
    if (head == null) {
      throw new IOException("empty file " + file);
    }
    Map<String, Integer> col = new HashMap<>();
    for (int i = 0; i < head.size(); i++) {
      col.put(head.get(i).trim().toLowerCase().replace("\uFEFF", ""), i);
    }
    for (String r : required) {
      if (!col.containsKey(r)) {
        throw new IOException(file + " lacks column '" + r + "'");
      }
    }
    return col;
  }

  private static CsvReader open(Path file) throws IOException {
    BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
    return new CsvReader(r);
  }
}
