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
import java.util.TreeSet;

/**
 * Reads a dataset folder in the canonical layout ({@code interactions.csv} with
 * tenant,user,item,value,timestamp and an optional {@code items.csv} with
 * tenant,item,title,categories,tags). Columns are found by header name, so extra columns are fine.
 */
public final class DatasetReader {
  private DatasetReader() {}

  public static Dataset read(Path dir) throws IOException {
    Path interactions = dir.resolve("interactions.csv");
    if (!Files.isRegularFile(interactions)) {
      throw new IOException("no interactions.csv in " + dir);
    }
    Map<String, Map<String, ItemContent>> content = new HashMap<>();
    Path items = dir.resolve("items.csv");
    if (Files.isRegularFile(items)) {
      content = readItems(items);
    }
    Map<String, RawTenant> raw = readInteractions(interactions);
    for (String tenant : content.keySet()) {
      raw.computeIfAbsent(tenant, t -> new RawTenant());
    }
    List<TenantData> tenants = new ArrayList<>();
    for (Map.Entry<String, RawTenant> e : raw.entrySet()) {
      Map<String, ItemContent> c = content.getOrDefault(e.getKey(), Map.of());
      tenants.add(e.getValue().build(e.getKey(), c));
    }
    return new Dataset(dir.getFileName().toString(), tenants);
  }

  private static Map<String, RawTenant> readInteractions(Path file) throws IOException {
    Map<String, RawTenant> tenants = new LinkedHashMap<>();
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
            .computeIfAbsent(tenant, t -> new RawTenant())
            .add(row.get(col.get("user")), row.get(col.get("item")), parseTime(ts));
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

  /** Accumulates one tenant's rows before ids are interned. */
  private static final class RawTenant {
    final List<String> users = new ArrayList<>();
    final List<String> items = new ArrayList<>();
    final List<Long> times = new ArrayList<>();

    void add(String user, String item, long ts) {
      users.add(user);
      items.add(item);
      times.add(ts);
    }

    TenantData build(String name, Map<String, ItemContent> content) {
      TreeSet<String> catalogue = new TreeSet<>(items);
      catalogue.addAll(content.keySet());
      List<String> itemIds = new ArrayList<>(catalogue);
      Map<String, Integer> itemIndex = new HashMap<>();
      for (int i = 0; i < itemIds.size(); i++) {
        itemIndex.put(itemIds.get(i), i);
      }
      Map<String, Integer> userIndex = new HashMap<>();
      List<String> userIds = new ArrayList<>();
      int n = users.size();
      int[] u = new int[n];
      int[] it = new int[n];
      long[] ts = new long[n];
      for (int k = 0; k < n; k++) {
        u[k] = userIndex.computeIfAbsent(users.get(k), x -> {
          userIds.add(x);
          return userIds.size() - 1;
        });
        it[k] = itemIndex.get(items.get(k));
        ts[k] = times.get(k);
      }
      List<ItemContent> c = itemIds.stream().map(i -> content.getOrDefault(i, ItemContent.EMPTY)).toList();
      return new TenantData(name, itemIds, c, userIds, u, it, ts);
    }
  }
}
