package io.warmstart.trainer.bench;

import io.warmstart.trainer.eval.ResultRow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** PNG plots of a benchmark (headless AWT, jfreechart). */
public final class Plots {
  private Plots() {}

  /** Guard variants of the non-meta neural models add nothing readable to a plot. */
  private static boolean plotted(String method) {
    return !method.equals("scratch+guard") && !method.equals("pooled+ft+guard");
  }

  public static void ndcgVsSupport(BenchmarkReport r, Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    DefaultCategoryDataset ds = new DefaultCategoryDataset();
    List<ResultRow> rows = r.results();
    for (String m : Summary.methods(rows)) {
      if (!plotted(m)) {
        continue;
      }
      for (String s : Summary.supportSizes(rows)) {
        Summary.Stat st = Summary.stat(rows, s, m, ResultRow::ndcg10);
        if (st.seeds() > 0) {
          ds.addValue(st.mean(), m, s);
        }
      }
    }
    JFreeChart chart = ChartFactory.createLineChart(r.dataset() + ": NDCG@10 vs support size (held-out tenants)",
        "support size (events)", "NDCG@10", ds, PlotOrientation.VERTICAL, true, false, false);
    ChartUtils.saveChartAsPNG(file.toFile(), chart, 900, 560);
  }

  /** Mean validation NDCG@10 during adaptation; a stopped run keeps its last value. */
  public static void ndcgVsSteps(BenchmarkReport r, Path file, String support) throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYSeriesCollection ds = new XYSeriesCollection();
    for (String m : Summary.methods(r.results())) {
      List<ResultRow> rows = r.results().stream()
          .filter(x -> x.method().equals(m) && x.supportSize().equals(support) && !x.curve().isEmpty()).toList();
      if (rows.isEmpty()) {
        continue;
      }
      TreeSet<Double> steps = new TreeSet<>();
      rows.forEach(x -> x.curve().forEach(p -> steps.add(p[0])));
      XYSeries series = new XYSeries(m);
      for (double s : steps) {
        double sum = 0;
        for (ResultRow x : rows) {
          TreeMap<Double, Double> c = new TreeMap<>();
          x.curve().forEach(p -> c.put(p[0], p[2]));
          sum += c.floorEntry(s) == null ? c.firstEntry().getValue() : c.floorEntry(s).getValue();
        }
        series.add(s, sum / rows.size());
      }
      ds.addSeries(series);
    }
    JFreeChart chart = ChartFactory.createXYLineChart(r.dataset() + ": validation NDCG@10 vs adaptation steps (support " + support + ")",
        "gradient steps", "validation NDCG@10", ds, PlotOrientation.VERTICAL, true, false, false);
    ChartUtils.saveChartAsPNG(file.toFile(), chart, 900, 560);
  }

  /**
   * Protocol v3's headline: NDCG@10 of each method over the best simple baseline's, per support size
   * (mean over tenant-seed pairs), with {@code served}'s 95% bootstrap interval as two dashed lines.
   */
  public static void ratioVsSupport(BenchmarkReport r, Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    DefaultCategoryDataset ds = new DefaultCategoryDataset();
    List<ResultRow> rows = r.results();
    for (String m : Summary.methods(rows)) {
      if (V3Summary.SIMPLE_BASELINES.contains(m) || m.endsWith("+guard")) {
        continue;
      }
      for (V3Summary.Entry e : V3Summary.of(rows, m)) {
        ds.addValue(e.ratioMean(), m, e.supportSize());
        if (m.equals(V3Summary.SERVED)) {
          ds.addValue(e.ciLow(), "served 95% low", e.supportSize());
          ds.addValue(e.ciHigh(), "served 95% high", e.supportSize());
        }
      }
    }
    for (String s : Summary.supportSizes(rows)) {
      if (V3Summary.bestSimpleBaseline(rows, s) != null) {
        ds.addValue(1.0, "best simple baseline", s);
      }
    }
    JFreeChart chart = ChartFactory.createLineChart(r.dataset() + ": NDCG@10 / best simple baseline (held-out tenants)",
        "support size (events)", "ratio to the best of popularity, recpop, popcooc", ds, PlotOrientation.VERTICAL, true, false, false);
    org.jfree.chart.renderer.category.LineAndShapeRenderer renderer =
        (org.jfree.chart.renderer.category.LineAndShapeRenderer) chart.getCategoryPlot().getRenderer();
    java.awt.BasicStroke dashed = new java.awt.BasicStroke(1f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER,
        10f, new float[] {4f, 4f}, 0f);
    for (int k = 0; k < ds.getRowCount(); k++) {
      String key = ds.getRowKey(k).toString();
      if (key.startsWith("served 95%") || key.equals("best simple baseline")) {
        renderer.setSeriesStroke(k, dashed);
      }
    }
    ChartUtils.saveChartAsPNG(file.toFile(), chart, 900, 560);
  }
}
