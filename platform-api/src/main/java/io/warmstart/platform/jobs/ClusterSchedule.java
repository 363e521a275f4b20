package io.warmstart.platform.jobs;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jboss.logging.Logger;

/**
 * Makes a scheduled task run once per cluster rather than once per replica: each firing is claimed
 * by inserting (task, fire time) into {@code scheduled_runs}; the primary key lets exactly one
 * replica win. Cron fire times are computed from the wall clock, so replicas agree on them (to the
 * second, which is the granularity used).
 */
@ApplicationScoped
public class ClusterSchedule {

  private static final Logger LOG = Logger.getLogger(ClusterSchedule.class);

  @Inject AgroalDataSource dataSource;

  private final String instance = ManagementFactory.getRuntimeMXBean().getName();

  /** Whether this replica runs the firing of {@code task} scheduled at {@code fireTime}. */
  public boolean claim(String task, Instant fireTime) {
    Instant firing = fireTime.truncatedTo(ChronoUnit.SECONDS);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO scheduled_runs (task, fire_time, instance) VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
        PreparedStatement prune = connection.prepareStatement(
            "DELETE FROM scheduled_runs WHERE task = ? AND fire_time < now() - interval '30 days'")) {
      insert.setString(1, task);
      insert.setTimestamp(2, Timestamp.from(firing));
      insert.setString(3, instance);
      boolean won = insert.executeUpdate() == 1;
      if (won) {
        prune.setString(1, task);
        prune.executeUpdate();
        LOG.infof("Scheduled %s at %s runs here (%s)", task, firing, instance);
      } else {
        LOG.debugf("Scheduled %s at %s already ran on another replica", task, firing);
      }
      return won;
    } catch (SQLException e) {
      // Without the database the task could do nothing useful anyway; the next firing tries again.
      LOG.warnf("Could not claim scheduled %s at %s: %s", task, firing, e.getMessage());
      return false;
    }
  }
}
