package io.warmstart.platform.experiment;

import io.agroal.api.AgroalDataSource;
import io.warmstart.platform.experiment.ExperimentDesign.Method;
import io.warmstart.platform.experiment.ExperimentStatistics.ArmTotals;
import io.warmstart.platform.experiment.ExperimentStatistics.Comparison;
import io.warmstart.platform.experiment.ExperimentViews.AbResults;
import io.warmstart.platform.experiment.ExperimentViews.Arm;
import io.warmstart.platform.experiment.ExperimentViews.InterleavingResults;
import io.warmstart.platform.experiment.ExperimentViews.Results;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;

/**
 * An experiment's results, computed when they are read from the served lists and the tenant's
 * {@code click} events that cite them. A click counts once per list and item. Clicks are found
 * through the user's own events ({@code events_by_user}), from a day before the list was served
 * (client clocks run early) onwards, so reading results never scans the tenant's whole log.
 */
@ApplicationScoped
public class ExperimentResults {

  /** The clicked items of each served list of one experiment. */
  private static final String CLICKS_PER_LIST = """
      SELECT l.recommendation_id, l.user_id, l.arm,
             count(DISTINCT e.item_id) FILTER (WHERE e.item_id = ANY (l.control_items)) AS control_clicks,
             count(DISTINCT e.item_id) FILTER (WHERE e.item_id = ANY (l.treatment_items)) AS treatment_clicks,
             count(DISTINCT e.item_id) AS clicks
      FROM experiment_lists l
      LEFT JOIN events e ON e.tenant_id = l.tenant_id AND e.user_id = l.user_id
           AND e.occurred_at >= l.served_at - interval '1 day'
           AND e.recommendation_id = l.recommendation_id AND e.type = 'click'
      WHERE l.tenant_id = ? AND l.experiment_id = ?
      GROUP BY l.recommendation_id, l.user_id, l.arm""";

  private static final String INTERLEAVING = """
      SELECT count(*) FILTER (WHERE clicks > 0),
             count(*) FILTER (WHERE control_clicks > treatment_clicks),
             count(*) FILTER (WHERE treatment_clicks > control_clicks),
             count(*) FILTER (WHERE clicks > 0 AND treatment_clicks = control_clicks),
             coalesce(sum(clicks), 0)
      FROM (%s) lists""".formatted(CLICKS_PER_LIST);

  /** Per user and arm: lists served, lists clicked, clicks. */
  private static final String AB = """
      SELECT arm, user_id, count(*), count(*) FILTER (WHERE clicks > 0), sum(clicks)
      FROM (%s) lists
      GROUP BY arm, user_id""".formatted(CLICKS_PER_LIST);

  @Inject AgroalDataSource dataSource;

  Results of(StoredExperiment experiment) {
    try (Connection connection = dataSource.getConnection()) {
      return experiment.method() == Method.INTERLEAVING ? interleaving(connection, experiment) : ab(connection, experiment);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not read the results of experiment " + experiment.id(), e);
    }
  }

  private static Results interleaving(Connection connection, StoredExperiment experiment) throws SQLException {
    long withClicks;
    long controlWins;
    long treatmentWins;
    long ties;
    long clicks;
    try (PreparedStatement query = prepare(connection, INTERLEAVING, experiment); ResultSet row = query.executeQuery()) {
      row.next();
      withClicks = row.getLong(1);
      controlWins = row.getLong(2);
      treatmentWins = row.getLong(3);
      ties = row.getLong(4);
      clicks = row.getLong(5);
    }
    long contested = controlWins + treatmentWins;
    double[] interval = ExperimentStatistics.wilson(treatmentWins, contested);
    Double preference = contested == 0 ? null : (double) treatmentWins / contested;
    Double p = contested == 0 ? null : ExperimentStatistics.signTest(treatmentWins, contested);
    boolean significant = p != null && p < ExperimentStatistics.ALPHA;
    InterleavingResults details = new InterleavingResults(
        withClicks, controlWins, treatmentWins, ties, preference, interval == null ? null : interval[0], interval == null ? null : interval[1]);
    return new Results(experiment.impressions(), clicks, p, significant,
        interleavingVerdict(experiment, details, p, significant), details, null);
  }

  private static Results ab(Connection connection, StoredExperiment experiment) throws SQLException {
    ArmTotals control = new ArmTotals();
    ArmTotals treatment = new ArmTotals();
    long clicks = 0;
    try (PreparedStatement query = prepare(connection, AB, experiment); ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        ArmTotals arm = rows.getString(1).charAt(0) == RunningExperiment.CONTROL ? control : treatment;
        arm.addUser(rows.getLong(3), rows.getLong(4));
        clicks += rows.getLong(5);
      }
    }
    Comparison comparison = ExperimentStatistics.compare(control, treatment);
    Double p = comparison == null ? null : comparison.pValue();
    boolean significant = p != null && p < ExperimentStatistics.ALPHA;
    AbResults details = new AbResults(arm(control), arm(treatment),
        comparison == null ? null : finite(comparison.relativeLift()),
        comparison == null ? null : finite(comparison.liftLow()),
        comparison == null ? null : finite(comparison.liftHigh()));
    return new Results(experiment.impressions(), clicks, p, significant, abVerdict(experiment, details, control, treatment, p, significant), null, details);
  }

  private static PreparedStatement prepare(Connection connection, String sql, StoredExperiment experiment) throws SQLException {
    PreparedStatement query = connection.prepareStatement(sql);
    query.setString(1, experiment.tenantId());
    query.setLong(2, experiment.id());
    return query;
  }

  private static Arm arm(ArmTotals totals) {
    double[] interval = totals.interval();
    return new Arm(totals.users(), totals.lists(), totals.clicked(), finite(totals.rate()),
        interval == null ? null : interval[0], interval == null ? null : interval[1]);
  }

  private static Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }

  static String interleavingVerdict(StoredExperiment experiment, InterleavingResults results, Double p, boolean significant) {
    String impressions = count(experiment.impressions(), "impression");
    if (p == null) {
      return "Not significant yet: " + impressions + ", no list whose clicks favoured one side.";
    }
    boolean treatmentLeads = results.treatmentWins() >= results.controlWins();
    String leader = treatmentLeads ? "treatment (" + experiment.treatment().description() + ")" : "control (" + experiment.control().description() + ")";
    double share = treatmentLeads ? results.treatmentPreference() : 1 - results.treatmentPreference();
    long contested = results.controlWins() + results.treatmentWins();
    String measured = String.format(Locale.ROOT, "%s wins %s of contested clicks (%s of %s lists), p = %s, %s",
        leader, percent(share), grouped(Math.max(results.controlWins(), results.treatmentWins())), grouped(contested), pValue(p), impressions);
    return significant ? capitalise(measured) + "." : "Not significant yet: " + measured + ".";
  }

  static String abVerdict(StoredExperiment experiment, AbResults results, ArmTotals control, ArmTotals treatment, Double p, boolean significant) {
    String impressions = count(experiment.impressions(), "impression");
    if (p == null || results.relativeLift() == null) {
      return "Not significant yet: " + impressions + ", " + count(control.clicked() + treatment.clicked(), "clicked list") + ".";
    }
    double lift = results.relativeLift();
    String direction = lift >= 0 ? "higher" : "lower";
    String measured = String.format(Locale.ROOT,
        "treatment (%s) has a %s %s click-through rate than control (%s): %s against %s (95%% interval of the change %s to %s), p = %s, %s",
        experiment.treatment().description(), percent(Math.abs(lift)), direction, experiment.control().description(),
        percent(results.treatment().clickThroughRate()), percent(results.control().clickThroughRate()),
        signedPercent(results.liftLow()), signedPercent(results.liftHigh()), pValue(p), impressions);
    return significant ? capitalise(measured) + "." : "Not significant yet: " + measured + ".";
  }

  private static String count(long n, String noun) {
    return grouped(n) + " " + noun + (n == 1 ? "" : "s");
  }

  private static String grouped(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, share < 0.1 ? "%.1f%%" : "%.0f%%", share * 100);
  }

  private static String signedPercent(Double change) {
    return change == null ? "?" : String.format(Locale.ROOT, "%+.1f%%", change * 100);
  }

  private static String pValue(double p) {
    return p < 0.001 ? "< 0.001" : String.format(Locale.ROOT, "%.3f", p);
  }

  private static String capitalise(String text) {
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
