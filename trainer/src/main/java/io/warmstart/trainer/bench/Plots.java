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
}
