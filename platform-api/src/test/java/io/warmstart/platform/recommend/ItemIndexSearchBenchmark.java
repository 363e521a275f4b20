package io.warmstart.platform.recommend;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.lucene.codecs.hnsw.DefaultFlatVectorScorer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopKnnCollector;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.RandomAccessVectorValues;
import org.apache.lucene.util.hnsw.RandomVectorScorer;

/**
 * One HNSW search, two ways, on the same vectors in one process: through an in-memory Lucene index
 * (what {@link ItemIndex} did until 2026-12-06: the graph's neighbour lists decoded from bytes and
 * each visited vector copied out of a byte buffer) and through {@link PackedGraph} over the
 * vectors on the heap (what it does now). Rounds alternate between the two; the report gives the
 * median microseconds per search of each, their ratio, and each one's recall@10 against exact
 * scoring, so a faster search that finds less would show.
 *
 * <p>The vectors are synthetic with the serving bench's shape: 50 topics, each item near its
 * topic's centre, 32 dimensions plus a prior, as {@link io.warmstart.trainer.artifact.ServingModel#indexVector}
 * lays them out. Run: {@code infra/bench/index-search.sh [--items 100000] [--candidates 200] [--rounds 7]}.
 */
public final class ItemIndexSearchBenchmark {

  private static final VectorSimilarityFunction SIMILARITY = VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT;
  private static final int DIMENSIONS = 33;
  private static final int QUERIES = 2000;

  public static void main(String[] args) throws Exception {
    int items = intArg(args, "--items", 100_000);
    int candidates = intArg(args, "--candidates", 200);
    int rounds = intArg(args, "--rounds", 7);
    Random random = new Random(1);
    List<float[]> rows = vectors(items, random);
    float[][] queries = new float[QUERIES][];
    for (int q = 0; q < QUERIES; q++) {
      queries[q] = query(rows, random);
    }

    long started = System.nanoTime();
    ByteBuffersDirectory directory = new ByteBuffersDirectory();
    IndexWriterConfig config = new IndexWriterConfig().setRAMBufferSizeMB(512).setMaxBufferedDocs(IndexWriterConfig.DISABLE_AUTO_FLUSH)
        .setMergePolicy(NoMergePolicy.INSTANCE);
    try (IndexWriter writer = new IndexWriter(directory, config)) {
      for (float[] row : rows) {
        Document document = new Document();
        document.add(new KnnFloatVectorField("v", row, SIMILARITY));
        writer.addDocument(document);
      }
      writer.commit();
    }
    DirectoryReader reader = DirectoryReader.open(directory);
    LeafReader segment = reader.leaves().get(0).reader();
    double luceneBuild = (System.nanoTime() - started) / 1e9;

    started = System.nanoTime();
    var values = RandomAccessVectorValues.fromFloats(rows, DIMENSIONS);
    PackedGraph packed = PackedGraph.of(HnswGraphBuilder.create(DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorerSupplier(SIMILARITY, values),
        HnswGraphBuilder.DEFAULT_MAX_CONN, HnswGraphBuilder.DEFAULT_BEAM_WIDTH, 42).build(items));
    double packedBuild = (System.nanoTime() - started) / 1e9;
    float[][] vectors = rows.toArray(float[][]::new);

    Search lucene = query -> {
      ScoreDoc[] hits = segment.searchNearestVectors("v", query, candidates, null, Integer.MAX_VALUE).scoreDocs;
      return Arrays.stream(hits).mapToInt(hit -> hit.doc).toArray();
    };
    Search onHeap = query -> {
      RandomVectorScorer scorer = new RandomVectorScorer() {
        @Override
        public float score(int row) {
          return SIMILARITY.compare(query, vectors[row]);
        }

        @Override
        public int maxOrd() {
          return vectors.length;
        }
      };
      TopKnnCollector collector = new TopKnnCollector(candidates, Integer.MAX_VALUE);
      HnswGraphSearcher.search(scorer, collector, packed.cursor(), null);
      return Arrays.stream(collector.topDocs().scoreDocs).mapToInt(hit -> hit.doc).toArray();
    };

    int[][] exact = exactTop10(vectors, queries);
    System.out.printf(Locale.ROOT, "%,d items, %d candidates, %d queries a round; built in %.1f s (Lucene index) and %.1f s (packed graph, %.1f MB of neighbour lists)%n",
        items, candidates, QUERIES, luceneBuild, packedBuild, packed.bytes() / 1e6);
    double[] luceneTimes = new double[rounds];
    double[] packedTimes = new double[rounds];
    timeRound(lucene, queries); // warm-up of both, unmeasured
    timeRound(onHeap, queries);
    for (int round = 0; round < rounds; round++) {
      luceneTimes[round] = timeRound(lucene, queries);
      packedTimes[round] = timeRound(onHeap, queries);
      System.out.printf(Locale.ROOT, "round %d: Lucene index %.1f µs/search, packed graph %.1f µs/search%n", round + 1, luceneTimes[round], packedTimes[round]);
    }
    double luceneMedian = median(luceneTimes);
    double packedMedian = median(packedTimes);
    System.out.printf(Locale.ROOT, "%n| search | µs per search (median of %d rounds) | recall@10 of exact among the candidates |%n|---|---:|---:|%n", rounds);
    System.out.printf(Locale.ROOT, "| Lucene index (before) | %.1f | %.4f |%n", luceneMedian, recall(lucene, queries, exact));
    System.out.printf(Locale.ROOT, "| packed graph (now) | %.1f | %.4f |%n", packedMedian, recall(onHeap, queries, exact));
    System.out.printf(Locale.ROOT, "%npacked / Lucene time: %.2f (%.2fx the searches per CPU second)%n", packedMedian / luceneMedian, luceneMedian / packedMedian);
    reader.close();
  }

  @FunctionalInterface
  private interface Search {
    int[] nearest(float[] query) throws Exception;
  }

  private static double timeRound(Search search, float[][] queries) throws Exception {
    long sink = 0;
    long started = System.nanoTime();
    for (float[] query : queries) {
      sink += search.nearest(query)[0];
    }
    double micros = (System.nanoTime() - started) / 1e3 / queries.length;
    if (sink == Long.MIN_VALUE) {
      System.out.println(sink);
    }
    return micros;
  }

  private static double recall(Search search, float[][] queries, int[][] exact) throws Exception {
    int found = 0;
    for (int q = 0; q < queries.length; q++) {
      int[] candidates = search.nearest(queries[q]);
      for (int row : exact[q]) {
        for (int candidate : candidates) {
          if (candidate == row) {
            found++;
            break;
          }
        }
      }
    }
    return found / (10.0 * queries.length);
  }

  /** Items near one of 50 topic centres; the last number is a prior that leans to low rows (popular ones). */
  private static List<float[]> vectors(int items, Random random) {
    float[][] topics = new float[50][DIMENSIONS - 1];
    for (float[] topic : topics) {
      for (int j = 0; j < topic.length; j++) {
        topic[j] = (float) random.nextGaussian();
      }
    }
    List<float[]> rows = new ArrayList<>(items);
    for (int i = 0; i < items; i++) {
      float[] row = new float[DIMENSIONS];
      float[] topic = topics[i % topics.length];
      for (int j = 0; j < DIMENSIONS - 1; j++) {
        row[j] = 0.3f * (topic[j] + 0.7f * (float) random.nextGaussian());
      }
      row[DIMENSIONS - 1] = (float) (-Math.log1p(i) * 0.2);
      rows.add(row);
    }
    return rows;
  }

  /** A user-like query: the mean of 1 to 10 rows, with 1 for the prior. */
  private static float[] query(List<float[]> rows, Random random) {
    float[] query = new float[DIMENSIONS];
    int context = 1 + random.nextInt(10);
    for (int k = 0; k < context; k++) {
      float[] row = rows.get((int) Math.floor(Math.pow(random.nextDouble(), 3) * rows.size()));
      for (int j = 0; j < DIMENSIONS - 1; j++) {
        query[j] += row[j] / context;
      }
    }
    query[DIMENSIONS - 1] = 1f;
    return query;
  }

  private static int[][] exactTop10(float[][] vectors, float[][] queries) {
    int[][] best = new int[queries.length][];
    for (int q = 0; q < queries.length; q++) {
      float[] query = queries[q];
      Integer[] order = new Integer[vectors.length];
      float[] scores = new float[vectors.length];
      for (int i = 0; i < vectors.length; i++) {
        order[i] = i;
        float score = 0;
        for (int j = 0; j < DIMENSIONS; j++) {
          score += query[j] * vectors[i][j];
        }
        scores[i] = score;
      }
      Arrays.sort(order, (a, b) -> Float.compare(scores[b], scores[a]));
      best[q] = new int[10];
      for (int k = 0; k < 10; k++) {
        best[q][k] = order[k];
      }
    }
    return best;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static int intArg(String[] args, String name, int fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return fallback;
  }
}
