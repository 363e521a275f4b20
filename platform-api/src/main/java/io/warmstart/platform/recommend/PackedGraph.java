package io.warmstart.platform.recommend;

import java.io.IOException;
import java.util.Arrays;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.hnsw.HnswGraph;

/**
 * A finished HNSW graph packed into int arrays: on each level, every node's neighbours lie side by
 * side in one array, found through an offsets array. Lucene's own on-heap graph keeps a neighbour
 * list object per node and level, with room for the maximum and a score per neighbour (about 340
 * bytes a node on the base level); packed, a node costs 4 bytes per neighbour it has plus 4.
 *
 * <p>Immutable and shared by every search; {@link #cursor()} gives each search the position state
 * that Lucene's searcher moves through the graph with.
 */
final class PackedGraph {

  private final int size;
  private final int entryNode;
  /** Per level, the nodes on it in ascending order; null for level 0, which holds every node. */
  private final int[][] nodes;
  /** Per level, where each node's neighbours start in {@link #neighbours} (one more entry than nodes). */
  private final int[][] offsets;
  private final int[][] neighbours;

  private PackedGraph(int size, int entryNode, int[][] nodes, int[][] offsets, int[][] neighbours) {
    this.size = size;
    this.entryNode = entryNode;
    this.nodes = nodes;
    this.offsets = offsets;
    this.neighbours = neighbours;
  }

  /** Copies a built graph; the original can then be dropped. */
  static PackedGraph of(HnswGraph graph) throws IOException {
    int levels = graph.numLevels();
    int size = graph.size();
    int[][] nodes = new int[levels][];
    int[][] offsets = new int[levels][];
    int[][] neighbours = new int[levels][];
    for (int level = 0; level < levels; level++) {
      int[] onLevel;
      if (level == 0) {
        onLevel = null;
      } else {
        HnswGraph.NodesIterator iterator = graph.getNodesOnLevel(level);
        onLevel = new int[iterator.size()];
        for (int i = 0; i < onLevel.length; i++) {
          onLevel[i] = iterator.nextInt();
        }
        Arrays.sort(onLevel);
      }
      int count = onLevel == null ? size : onLevel.length;
      int[] starts = new int[count + 1];
      int[] packed = new int[Math.max(16, count * 8)];
      int used = 0;
      for (int i = 0; i < count; i++) {
        graph.seek(level, onLevel == null ? i : onLevel[i]);
        for (int neighbour = graph.nextNeighbor(); neighbour != DocIdSetIterator.NO_MORE_DOCS; neighbour = graph.nextNeighbor()) {
          if (used == packed.length) {
            packed = Arrays.copyOf(packed, packed.length + (packed.length >> 1));
          }
          packed[used++] = neighbour;
        }
        starts[i + 1] = used;
      }
      nodes[level] = onLevel;
      offsets[level] = starts;
      neighbours[level] = Arrays.copyOf(packed, used);
    }
    return new PackedGraph(size, graph.entryNode(), nodes, offsets, neighbours);
  }

  /** A fresh cursor over this graph, for one search on one thread. */
  HnswGraph cursor() {
    return new Cursor();
  }

  /** Bytes held by the neighbour lists and their indexes (the vectors are not counted). */
  long bytes() {
    long bytes = 0;
    for (int level = 0; level < offsets.length; level++) {
      bytes += 4L * (offsets[level].length + neighbours[level].length + (nodes[level] == null ? 0 : nodes[level].length));
    }
    return bytes;
  }

  private final class Cursor extends HnswGraph {
    private int[] current = neighbours.length == 0 ? new int[0] : neighbours[0];
    private int next;
    private int end;

    @Override
    public void seek(int level, int target) {
      int at = level == 0 ? target : Arrays.binarySearch(nodes[level], target);
      if (at < 0) {
        throw new IllegalArgumentException("node " + target + " is not on level " + level);
      }
      current = neighbours[level];
      next = offsets[level][at];
      end = offsets[level][at + 1];
    }

    @Override
    public int nextNeighbor() {
      return next < end ? current[next++] : DocIdSetIterator.NO_MORE_DOCS;
    }

    @Override
    public int size() {
      return size;
    }

    @Override
    public int numLevels() {
      return offsets.length;
    }

    @Override
    public int entryNode() {
      return entryNode;
    }

    @Override
    public NodesIterator getNodesOnLevel(int level) {
      return level == 0 ? new ArrayNodesIterator(size) : new ArrayNodesIterator(nodes[level], nodes[level].length);
    }
  }
}
