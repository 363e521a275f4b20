package io.warmstart.trainer.data;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded multi-tenant data with known structure, for fast tests. Shared across tenants: topics,
 * each with its own content words, and users who mostly stay within one topic. Tenant-specific:
 * the catalogue (disjoint ids), a Zipf popularity order, and which topics are in fashion.
 * Content tokens therefore transfer across tenants; item ids do not.
 */
public final class SyntheticGenerator {
  private final int topics;
  private final int wordsPerTopic;
  private final Random random;

  public SyntheticGenerator(long seed) {
    this(seed, 8, 6);
  }

  public SyntheticGenerator(long seed, int topics, int wordsPerTopic) {
    this.topics = topics;
    this.wordsPerTopic = wordsPerTopic;
    this.random = new Random(seed);
  }

  /** A dataset of {@code tenants} tenants with sizes spread between minEvents and maxEvents. */
  public Dataset generate(int tenants, int minEvents, int maxEvents, boolean timestamps) {
    List<TenantData> out = new ArrayList<>();
    for (int t = 0; t < tenants; t++) {
      double f = tenants == 1 ? 0 : (double) t / (tenants - 1);
      int events = (int) Math.round(minEvents * Math.pow((double) maxEvents / minEvents, f));
      out.add(tenant("tenant-" + t, events, timestamps));
    }
    return new Dataset("synthetic", out);
  }

  private TenantData tenant(String name, int events, boolean timestamps) {
    int numItems = Math.max(60, events / 8);
    int numUsers = Math.max(30, events / 12);
    int[] topic = new int[numItems];
    List<ItemContent> content = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < numItems; i++) {
      topic[i] = random.nextInt(topics);
      ids.add(String.format("%s-i%05d", name, i));
      String title = "w" + topic[i] + "x" + random.nextInt(wordsPerTopic) + " w" + topic[i] + "x" + random.nextInt(wordsPerTopic);
      content.add(new ItemContent(title, List.of("topic" + topic[i]), List.of()));
    }
    double[] weight = new double[numItems];
    for (int i = 0; i < numItems; i++) {
      weight[i] = 1.0 / Math.pow(1 + random.nextInt(numItems), 0.9);
    }
    int[] userTopic = new int[numUsers];
    for (int u = 0; u < numUsers; u++) {
      userTopic[u] = random.nextInt(topics);
    }
    List<String> userIds = new ArrayList<>();
    for (int u = 0; u < numUsers; u++) {
      userIds.add("u" + u);
    }
    int[] users = new int[events];
    int[] items = new int[events];
    long[] ts = new long[events];
    for (int k = 0; k < events; k++) {
      int u = random.nextInt(numUsers);
      users[k] = u;
      items[k] = sample(weight, topic, userTopic[u]);
      ts[k] = timestamps ? 1_500_000_000L + k * 60L : TenantData.MISSING_TIME;
    }
    return new TenantData(name, ids, content, userIds, users, items, ts);
  }

  /** Popularity within the user's topic 80% of the time, global popularity otherwise. */
  private int sample(double[] weight, int[] topic, int userTopic) {
    boolean onTopic = random.nextDouble() < 0.8;
    double total = 0;
    for (int i = 0; i < weight.length; i++) {
      total += !onTopic || topic[i] == userTopic ? weight[i] : 0;
    }
    double x = random.nextDouble() * total;
    for (int i = 0; i < weight.length; i++) {
      x -= !onTopic || topic[i] == userTopic ? weight[i] : 0;
      if (x <= 0) {
        return i;
      }
    }
    return weight.length - 1;
  }

  /** Writes a dataset in the canonical CSV layout (for CLI tests). */
  public static void writeCsv(Dataset data, Path dir) throws IOException {
    Files.createDirectories(dir);
    try (Writer w = Files.newBufferedWriter(dir.resolve("interactions.csv"), StandardCharsets.UTF_8)) {
      w.write("tenant,user,item,value,timestamp\n");
      for (TenantData t : data.tenants()) {
        for (int k = 0; k < t.numInteractions(); k++) {
          long ts = t.timestamps()[k];
          w.write(t.name() + "," + t.userIds().get(t.users()[k]) + "," + t.itemIds().get(t.items()[k]) + ",1,"
              + (ts == TenantData.MISSING_TIME ? "" : Long.toString(ts)) + "\n");
        }
      }
    }
    try (Writer w = Files.newBufferedWriter(dir.resolve("items.csv"), StandardCharsets.UTF_8)) {
      w.write("tenant,item,title,categories,tags\n");
      for (TenantData t : data.tenants()) {
        for (int i = 0; i < t.numItems(); i++) {
          ItemContent c = t.content().get(i);
          w.write(t.name() + "," + t.itemIds().get(i) + ",\"" + c.title().replace("\"", "\"\"") + "\","
              + String.join("|", c.categories()) + "," + String.join("|", c.tags()) + "\n");
        }
      }
    }
  }
}
