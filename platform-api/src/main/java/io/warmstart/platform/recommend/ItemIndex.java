package io.warmstart.platform.recommend;

import io.warmstart.trainer.artifact.ServingModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * An approximate maximum-inner-product index (Lucene's HNSW graph) over a served model's rows, so
 * that a request for a big catalogue scores a few hundred candidates instead of every item. A row
 * is indexed as {@code [v(i), prior(i)]} and queried with {@code [scale * g(u), 1]}
 * ({@link ServingModel#indexVector}): the inner product is the model's own score. Popularity is
 * not in the index, because the served blend uses the snapshot's live popularity; the view adds
 * the popular head and the co-occurrence neighbours to the candidates and scores them all exactly
 * ({@link PersonalisedView}).
 *
 * <p>Built once per promoted model, on a background thread, and held by its {@link ServedModel},
 * so it is swapped with the model and never outlives it. Immutable once built; Lucene's readers are
 * safe for any number of threads. The index lives on the heap: about {@code 4 * n * (d + 1)}
 * bytes of vectors plus the graph's neighbour lists (16 per node on the base level).
 */
final class ItemIndex {

  private static final String FIELD = "v";

  private final DirectoryReader reader;
  private final int rows;
  private final long buildMillis;
  /** Set once by {@link #build} before the index is handed out (the served model publishes it through an AtomicReference). */
  private double sampledRecall = Double.NaN;

  private ItemIndex(DirectoryReader reader, int rows, long buildMillis) {
    this.reader = reader;
    this.rows = rows;
    this.buildMillis = buildMillis;
  }

  /**
   * Indexes every row of the model; then checks, on {@code checkContexts} random contexts, how many
   * of the exact top 10 by model score the index finds among its {@code candidates} nearest rows.
   */
  static ItemIndex build(ServingModel model, int candidates, int checkContexts) {
    return build(model, candidates, checkContexts, IndexWriterConfig.DISABLE_AUTO_FLUSH);
  }

  /** As above, with a new segment every {@code rowsPerSegment} rows (tests use it for the several-segment case). */
  static ItemIndex build(ServingModel model, int candidates, int checkContexts, int rowsPerSegment) {
    long started = System.nanoTime();
    int n = model.size();
    ByteBuffersDirectory directory = new ByteBuffersDirectory();
    // One segment as long as it fits the buffer, and never a merge (a merge rebuilds the graph):
    // documents keep the order they were added in, so a document id is the model row.
    IndexWriterConfig config = new IndexWriterConfig().setRAMBufferSizeMB(512).setMaxBufferedDocs(rowsPerSegment)
        .setMergePolicy(NoMergePolicy.INSTANCE);
    try (IndexWriter writer = new IndexWriter(directory, config)) {
      for (int row = 0; row < n; row++) {
        Document document = new Document();
        document.add(new KnnFloatVectorField(FIELD, model.indexVector(row), VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT));
        writer.addDocument(document);
      }
      writer.commit();
      DirectoryReader reader = DirectoryReader.open(directory);
      if (reader.maxDoc() != n) {
        throw new IllegalStateException("the index holds " + reader.maxDoc() + " rows, the model " + n);
      }
      long buildMillis = (System.nanoTime() - started) / 1_000_000;
      ItemIndex index = new ItemIndex(reader, n, buildMillis);
      index.sampledRecall = index.recallAt10(model, candidates, checkContexts, new Random(n));
      return index;
    } catch (IOException e) {
      throw new UncheckedIOException("could not index the model's items", e);
    }
  }

  /**
   * The model rows nearest to the query by inner product, best first; at most {@code k}. Each
   * segment's graph is searched directly: going through {@code IndexSearcher} and a query costs a
   * weight, a scorer and a second collection of the hits, about a quarter of the search's time in a
   * profile at 100,000 items.
   */
  int[] nearest(float[] query, int k) {
    int wanted = Math.min(k, rows);
    try {
      List<LeafReaderContext> segments = reader.leaves();
      if (segments.size() == 1) {
        ScoreDoc[] hits = segments.get(0).reader().searchNearestVectors(FIELD, query, wanted, null, Integer.MAX_VALUE).scoreDocs;
        int[] found = new int[hits.length];
        for (int i = 0; i < hits.length; i++) {
          found[i] = hits[i].doc;
        }
        return found;
      }
      // Several segments (a catalogue beyond one RAM buffer): the best of each, merged by score.
      List<ScoreDoc> all = new ArrayList<>();
      for (LeafReaderContext segment : segments) {
        for (ScoreDoc hit : segment.reader().searchNearestVectors(FIELD, query, wanted, null, Integer.MAX_VALUE).scoreDocs) {
          all.add(new ScoreDoc(segment.docBase + hit.doc, hit.score));
        }
      }
      all.sort((a, b) -> Float.compare(b.score, a.score));
      return all.stream().limit(wanted).mapToInt(hit -> hit.doc).toArray();
    } catch (IOException e) {
      throw new UncheckedIOException("the item index could not be searched", e);
    }
  }

  int rows() {
    return rows;
  }

  int segments() {
    return reader.leaves().size();
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
