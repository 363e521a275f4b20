package io.warmstart.platform.recommend;

import io.warmstart.trainer.artifact.ServingModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.lucene.codecs.hnsw.DefaultFlatVectorScorer;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopKnnCollector;
import org.apache.lucene.util.hnsw.HnswGraph;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;
import org.apache.lucene.util.hnsw.RandomAccessVectorValues;
import org.apache.lucene.util.hnsw.RandomVectorScorer;

/**
 * An approximate maximum-inner-product index (Lucene's HNSW graph) over a served model's rows, so
 * that a request for a big catalogue scores a few hundred candidates instead of every item. A row
 * is indexed as {@code [v(i), prior(i)]} and queried with {@code [scale * g(u), 1]}
 * ({@link ServingModel#indexVector}): the inner product is the model's own score. Popularity is
 * not in the index, because the served blend uses the snapshot's live popularity; the view adds
 * the popular head and the co-occurrence neighbours to the candidates and scores them all exactly
 * ({@link PersonalisedView}).
 *
 * <p>Lucene builds the graph ({@link HnswGraphBuilder}, its defaults: 16 neighbours a node, 32 on
 * the base level, a beam of 100), and the index keeps it packed in int arrays
 * ({@link PackedGraph}) beside the rows' vectors, all on the heap. It used to live in an in-memory
 * Lucene index and be searched through the codec; the profile at 100,000 items then put half of
 * the search's time in decoding each node's neighbour list from bytes and the other part copying
 * each visited vector out of a byte buffer. Here a hop is an array read and a dot product.
 *
 * <p>Built once per promoted model, on a background thread, and held by its {@link ServedModel},
 * so it is swapped with the model and never outlives it. Immutable once built and safe for any
 * number of threads (each search has its own cursor over the graph). Memory: {@code 4 * n * (d + 1)}
 * bytes of vectors plus 4 bytes per neighbour (at most 32 a node on the base level).
 */
final class ItemIndex {

  private static final VectorSimilarityFunction SIMILARITY = VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT;
  /** Lucene's defaults for its HNSW format, which the index used before it was packed: the recall figures stand. */
  private static final int MAX_CONNECTIONS = HnswGraphBuilder.DEFAULT_MAX_CONN;
  private static final int BUILD_BEAM = HnswGraphBuilder.DEFAULT_BEAM_WIDTH;
  /** A fixed seed: the same model gives the same graph, so what a user is served does not change on a rebuild. */
  private static final long SEED = 42;

  private final float[][] vectors;
  private final PackedGraph graph;
  private final long buildMillis;
  /** Set once by {@link #build} before the index is handed out (the served model publishes it through an AtomicReference). */
  private double sampledRecall = Double.NaN;

  private ItemIndex(float[][] vectors, PackedGraph graph, long buildMillis) {
    this.vectors = vectors;
    this.graph = graph;
    this.buildMillis = buildMillis;
  }

  /**
   * Indexes every row of the model; then checks, on {@code checkContexts} random contexts, how many
   * of the exact top 10 by model score the index finds among its {@code candidates} nearest rows.
   */
  static ItemIndex build(ServingModel model, int candidates, int checkContexts) {
    long started = System.nanoTime();
    int n = model.size();
    List<float[]> rows = new ArrayList<>(n);
    for (int row = 0; row < n; row++) {
      rows.add(model.indexVector(row));
    }
    try {
      var values = RandomAccessVectorValues.fromFloats(rows, model.indexDimensions());
      var scorers = DefaultFlatVectorScorer.INSTANCE.getRandomVectorScorerSupplier(SIMILARITY, values);
      OnHeapHnswGraph built = HnswGraphBuilder.create(scorers, MAX_CONNECTIONS, BUILD_BEAM, SEED).build(n);
      long buildMillis = (System.nanoTime() - started) / 1_000_000;
      ItemIndex index = new ItemIndex(rows.toArray(float[][]::new), PackedGraph.of(built), buildMillis);
      index.sampledRecall = index.recallAt10(model, candidates, checkContexts, new Random(n));
      return index;
    } catch (IOException e) {
      throw new UncheckedIOException("could not index the model's items", e);
    }
  }

  /** The model rows nearest to the query by inner product, best first; at most {@code k}. */
  int[] nearest(float[] query, int k) {
    int wanted = Math.min(k, vectors.length);
    if (wanted <= 0) {
      return new int[0];
    }
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
    TopKnnCollector collector = new TopKnnCollector(wanted, Integer.MAX_VALUE);
    try {
      HnswGraphSearcher.search(scorer, collector, graph.cursor(), null);
    } catch (IOException e) {
      throw new IllegalStateException("an in-memory graph cannot fail to read", e);
    }
    ScoreDoc[] hits = collector.topDocs().scoreDocs;
    int[] found = new int[hits.length];
    for (int i = 0; i < hits.length; i++) {
      found[i] = hits[i].doc;
    }
    return found;
  }

  /** The graph as searched, for tests that compare it with the one Lucene built. */
  PackedGraph graph() {
    return graph;
  }

  int rows() {
    return vectors.length;
  }

  long buildMillis() {
    return buildMillis;
  }

  /** Fraction of the exact top 10 (model score) found among the index's candidates, on the sampled contexts. */
  double sampledRecall() {
    return sampledRecall;
  }

  /**
   * Contexts of 1 to 10 rows, drawn with the rows' support counts as weights (users' histories lean
   * to popular items); the exact top 10 by model score comes from a full pass.
   */
  private double recallAt10(ServingModel model, int candidates, int contexts, Random random) {
    int n = model.size();
    if (contexts <= 0 || n <= 10) {
      return Double.NaN;
    }
    int[] counts = model.counts();
    long[] cumulative = new long[n];
    long total = 0;
    for (int row = 0; row < n; row++) {
      total += Math.max(1, counts[row]);
      cumulative[row] = total;
    }
    float[][] queries = new float[contexts][];
    for (int c = 0; c < contexts; c++) {
      int[] context = new int[1 + random.nextInt(10)];
      for (int k = 0; k < context.length; k++) {
        int at = Arrays.binarySearch(cumulative, (long) (random.nextDouble() * total));
        context[k] = Math.min(n - 1, at >= 0 ? at + 1 : -at - 1);
      }
      queries[c] = model.indexQuery(context);
    }
    int[][] exact = exactTop10(model, queries);
    int found = 0;
    for (int c = 0; c < contexts; c++) {
      int[] approximate = nearest(queries[c], candidates);
      for (int row : exact[c]) {
        for (int other : approximate) {
          if (row == other) {
            found++;
            break;
          }
        }
      }
    }
    return found / (10.0 * contexts);
  }

  /**
   * The exact top 10 rows of every query, in one pass over the rows: each row's vector is made once
   * and dropped, so the check needs no copy of the whole item table (140 MB at a million items).
   */
  private static int[][] exactTop10(ServingModel model, float[][] queries) {
    int[][] best = new int[queries.length][10];
    float[][] bestScores = new float[queries.length][10];
    for (float[] scores : bestScores) {
      Arrays.fill(scores, Float.NEGATIVE_INFINITY);
    }
    for (int row = 0; row < model.size(); row++) {
      float[] vector = model.indexVector(row);
      for (int c = 0; c < queries.length; c++) {
        float[] query = queries[c];
        float score = 0f;
        for (int j = 0; j < query.length; j++) {
          score += query[j] * vector[j];
        }
        float[] scores = bestScores[c];
        if (score <= scores[9]) {
          continue;
        }
        int[] rows = best[c];
        int pos = 9;
        while (pos > 0 && score > scores[pos - 1]) {
          rows[pos] = rows[pos - 1];
          scores[pos] = scores[pos - 1];
          pos--;
        }
        rows[pos] = row;
        scores[pos] = score;
      }
    }
    return best;
  }
}
