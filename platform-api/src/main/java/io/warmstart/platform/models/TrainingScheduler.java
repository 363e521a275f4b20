package io.warmstart.platform.models;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import io.warmstart.platform.jobs.ClusterSchedule;
import io.warmstart.platform.jobs.JobQueue;
import io.quarkus.scheduler.ScheduledExecution;
import io.warmstart.platform.tenant.TenantDirectory;
import io.warmstart.platform.tenant.TenantStatus;
import io.warmstart.platform.tenant.TenantsChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Decides when tenants need a model. A tenant is onboarded as soon as it has
 * {@code onboarding-min-events} (checked whenever its data changes, so the first model does not
 * wait for a cron), re-adapted as it grows past each size of {@code readapt-at-events}, and after
 * that when enough new events arrived since its last attempt or that attempt got old. Meta-training runs on its own cron. Every decision only queues a job: the queue
 * keeps one open job per tenant and kind, so replicas deciding the same thing do no double work.
 */
@ApplicationScoped
public class TrainingScheduler {

  private static final Logger LOG = Logger.getLogger(TrainingScheduler.class);

  @Inject JobQueue queue;
  @Inject ModelRegistry registry;
  @Inject TrainingDataReader reader;
  @Inject TrainingConfig config;
  @Inject AgroalDataSource dataSource;
  @Inject TenantDirectory directory;
  @Inject ClusterSchedule cluster;

  void onDataChanged(@Observes TenantsChanged changed) {
    if (!config.schedulerEnabled()) {
      return;
    }
    for (String tenantId : changed.tenantIds()) {
      try {
        adaptIfDue(tenantId);
      } catch (RuntimeException e) {
        LOG.warnf(e, "Could not check whether %s needs a model", tenantId);
      }
    }
  }

  @Scheduled(identity = "readapt", cron = "${warmstart.training.readapt-cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void readaptAll(ScheduledExecution execution) {
    if (!config.schedulerEnabled() || !cluster.claim("readapt", execution.getScheduledFireTime())) {
      return;
    }
    for (String tenantId : activeTenants()) {
      try {
        adaptIfDue(tenantId);
      } catch (RuntimeException e) {
        LOG.warnf(e, "Could not check whether %s needs a model", tenantId);
      }
    }
  }

  @Scheduled(identity = "meta-train", cron = "${warmstart.training.meta-train-cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void metaTrainOnSchedule(ScheduledExecution execution) {
    if (config.schedulerEnabled() && cluster.claim("meta-train", execution.getScheduledFireTime())) {
      queue.enqueue(JobQueue.PLATFORM, MetaTrainJobHandler.KIND, "{\"trigger\":\"schedule\"}");
    }
  }

  /** Queues an adaptation if the tenant is due for one; returns why, or empty. */
  public Optional<String> adaptIfDue(String tenantId) {
    Optional<String> reason = dueReason(tenantId);
    reason.ifPresent(why -> {
      queue.enqueue(tenantId, AdaptJobHandler.KIND, "{\"trigger\":\"" + why.replace("\"", "'") + "\"}");
      LOG.debugf("Queued an adaptation of %s: %s", tenantId, why);
    });
    return reason;
  }

  Optional<String> dueReason(String tenantId) {
    if (directory.statusOf(tenantId).orElse(TenantStatus.DELETED) != TenantStatus.ACTIVE
        || !directory.settingsOf(tenantId).trainsAutomatically()) {
      return Optional.empty();
    }
    Optional<TenantModel> last = registry.latestAttempt(tenantId);
    if (last.isEmpty()) {
      int needed = config.onboardingMinEvents();
      return reader.countEventsUpTo(tenantId, null, needed) >= needed ? Optional.of("onboarding: " + needed + " events") : Optional.empty();
    }
    TenantModel model = last.get();
    if (model.status() == ModelStatus.TRAINING || model.status() == ModelStatus.READY) {
      return Optional.empty();
    }
    long trained = model.events() == null ? 0 : model.events();
    Optional<Integer> milestone = nextMilestone(trained);
    int needed = milestone.map(m -> (int) Math.max(1, m - trained)).orElseGet(() ->
        (int) Math.max(config.readaptMinNewEvents(), Math.min(Integer.MAX_VALUE - 1, config.readaptGrowth() * trained)));
    Instant after = model.lastEventAt() != null ? model.lastEventAt() : model.createdAt();
    long fresh = reader.countEventsUpTo(tenantId, after, needed);
    if (fresh >= needed) {
      return Optional.of(milestone.map(m -> "growing: about " + m + " events").orElse(needed + " new events since " + model.label()));
    }
    if (fresh > 0 && Duration.between(model.createdAt(), Instant.now()).compareTo(config.readaptMaxAge()) >= 0) {
      return Optional.of(model.label() + " is older than " + config.readaptMaxAge());
    }
    return Optional.empty();
  }

  /**
   * The next size of readapt-at-events above a model trained on {@code trained} events. Trained counts
   * are of distinct positive events, a little below the raw count that reached the size, hence the
   * 10% margin: a model adapted at 100 events is not re-adapted two events later.
   */
  Optional<Integer> nextMilestone(long trained) {
    return config.readaptAtEvents().stream().filter(m -> m > 1.1 * trained).min(Integer::compare);
  }

  private List<String> activeTenants() {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement("SELECT tenant_id FROM tenants WHERE status = 'ACTIVE' ORDER BY tenant_id");
        ResultSet rows = query.executeQuery()) {
      List<String> tenants = new ArrayList<>();
      while (rows.next()) {
        tenants.add(rows.getString(1));
      }
      return tenants;
    } catch (SQLException e) {
      throw new IllegalStateException("Could not list tenants", e);
    }
  }
}
