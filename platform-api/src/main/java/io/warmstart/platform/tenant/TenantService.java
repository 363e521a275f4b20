package io.warmstart.platform.tenant;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import io.warmstart.platform.common.Cursor;
import io.warmstart.platform.common.Page;
import io.warmstart.platform.problem.FieldError;
import io.warmstart.platform.problem.ProblemException;
import io.warmstart.platform.identity.TenantIdentity;
import io.warmstart.platform.identity.TenantIdentity.ApiCredential;
import io.warmstart.platform.tenant.TenantRequests.CreateTenant;
import io.warmstart.platform.tenant.TenantRequests.CreatedTenant;
import io.warmstart.platform.tenant.TenantRequests.TenantView;
import io.warmstart.platform.tenant.TenantRequests.UpdateTenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/** Operator actions on tenants. */
@ApplicationScoped
public class TenantService {

  private static final Logger LOG = Logger.getLogger(TenantService.class);
  private static final Pattern EVENT_TYPE = Pattern.compile("^[a-z][a-z0-9_-]{0,63}$");

  @Inject TenantDirectory directory;
  @Inject TenantIdentity identity;

  /**
   * Creates the tenant and its identities. The organisation and API client are provisioned in
   * Keycloak first, with no database connection held while Keycloak works: if Keycloak is down
   * nothing is stored (503, retryable); if storing fails afterwards, a retry reuses what Keycloak
   * already has. Of two creations of one id at once, the one that stores the row second gets 409.
   */
  public CreatedTenant createTenant(CreateTenant request) {
    Tenant tenant = new Tenant();
    tenant.id = request.id();
    tenant.displayName = request.displayName().trim();
    tenant.kind = request.kind();
    tenant.status = TenantStatus.ACTIVE;
    tenant.settings = checkSettings(request.settings() == null ? TenantSettings.defaults() : request.settings());
    tenant.shareForMetaLearning = request.shareForMetaLearning() == null || request.shareForMetaLearning();
    refuseTakenId(tenant.id);
    ApiCredential credential = identity.provisionTenant(tenant.id, tenant.displayName);
    tenant.createdAt = Instant.now();
    tenant.updatedAt = tenant.createdAt;
    try {
      QuarkusTransaction.requiringNew().run(tenant::persistAndFlush);
    } catch (RuntimeException e) {
      if (isUniqueViolation(e)) {
        throw ProblemException.conflict("Tenant '" + tenant.id + "' already exists (it was created by a concurrent request)");
      }
      throw e;
    }
    LOG.infof("Created tenant %s (%s)", tenant.id, tenant.displayName);
    return new CreatedTenant(TenantView.of(tenant), credential);
  }

  private static void refuseTakenId(String id) {
    Tenant existing = QuarkusTransaction.requiringNew().call(() -> Tenant.<Tenant>findById(id));
    if (existing != null) {
      throw ProblemException.conflict(
          existing.status == TenantStatus.DELETED
              ? "Tenant id '" + id + "' belonged to a deleted tenant and cannot be reused"
              : "Tenant '" + id + "' already exists");
    }
  }

  private static boolean isUniqueViolation(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  public Optional<TenantView> findTenant(String id) {
    return Tenant.<Tenant>findByIdOptional(id).map(TenantView::of);
  }

  /** Tenants in id order; deleted ones only when asked for by status. */
  public Page<TenantView> listTenants(TenantStatus status, String after, int limit) {
    String afterId = after == null ? "" : Cursor.decode(after, 1).get(0);
    List<Tenant> rows =
        status == null
            ? Tenant.<Tenant>find("id > ?1 and status <> ?2", Sort.by("id"), afterId, TenantStatus.DELETED)
                .range(0, limit - 1)
                .list()
            : Tenant.<Tenant>find("id > ?1 and status = ?2", Sort.by("id"), afterId, status).range(0, limit - 1).list();
    String next = rows.size() == limit ? Cursor.encode(rows.get(rows.size() - 1).id) : null;
    return new Page<>(rows.stream().map(TenantView::of).toList(), next);
  }

  @Transactional
  public TenantView updateTenant(String id, UpdateTenant request) {
    Tenant tenant = requireLiveTenant(id);
    if (request.displayName() != null) {
      tenant.displayName = request.displayName().trim();
    }
    if (request.kind() != null) {
      tenant.kind = request.kind();
    }
    if (request.settings() != null) {
      tenant.settings = checkSettings(request.settings());
    }
    if (request.shareForMetaLearning() != null) {
      tenant.shareForMetaLearning = request.shareForMetaLearning();
    }
    tenant.updatedAt = Instant.now();
    directory.forget(id);
    return TenantView.of(tenant);
  }

  /**
   * A tenant admin's own changes: event types and weights, automatic training and the
   * meta-learning opt-out. Quotas and retention stay as the operator set them.
   */
  @Transactional
  public TenantView updateOwnSettings(String id, java.util.Map<String, Double> eventTypes, Boolean autoTraining, Boolean shareForMetaLearning) {
    Tenant tenant = requireLiveTenant(id);
    TenantSettings current = tenant.settings == null ? TenantSettings.defaults() : tenant.settings;
    tenant.settings = checkSettings(new TenantSettings(
        eventTypes == null ? current.eventTypes() : eventTypes,
        current.retentionDays(),
        autoTraining == null ? current.autoTraining() : autoTraining,
        current.quotas()));
    if (shareForMetaLearning != null) {
      tenant.shareForMetaLearning = shareForMetaLearning;
    }
    tenant.updatedAt = Instant.now();
    directory.forget(id);
    return TenantView.of(tenant);
  }

  @Transactional
  public TenantView changeStatus(String id, TenantStatus status) {
    Tenant tenant = requireLiveTenant(id);
    if (tenant.status != status) {
      LOG.infof("Tenant %s: %s -> %s", id, tenant.status.wireName(), status.wireName());
      tenant.status = status;
      tenant.updatedAt = Instant.now();
    }
    directory.forget(id);
    return TenantView.of(tenant);
  }

  /** Marks the tenant deleted; from this commit on its requests are refused. Idempotent. */
  @Transactional
  public void markDeleted(String id) {
    Tenant tenant = Tenant.<Tenant>findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("Unknown tenant '" + id + "'"));
    if (tenant.status != TenantStatus.DELETED) {
      tenant.status = TenantStatus.DELETED;
      tenant.deletedAt = Instant.now();
      tenant.updatedAt = tenant.deletedAt;
      LOG.infof("Tenant %s deleted; purging its data", id);
    }
    directory.forget(id);
  }

  private static Tenant requireLiveTenant(String id) {
    return Tenant.<Tenant>findByIdOptional(id)
        .filter(t -> t.status != TenantStatus.DELETED)
        .orElseThrow(() -> ProblemException.notFound("Unknown tenant '" + id + "'"));
  }

  private static TenantSettings checkSettings(TenantSettings settings) {
    List<FieldError> errors = new ArrayList<>();
    settings.eventTypes().forEach((type, weight) -> {
      if (!EVENT_TYPE.matcher(type).matches()) {
        errors.add(new FieldError("/settings/eventTypes/" + type, "an event type is 1-64 of a-z, 0-9, _ and -, starting with a letter"));
      }
      if (weight == null || weight.isNaN() || weight.isInfinite() || Math.abs(weight) > 1000) {
        errors.add(new FieldError("/settings/eventTypes/" + type, "weight must be a number between -1000 and 1000"));
      }
    });
    if (settings.quotas() != null) {
      TenantSettings.Quotas q = settings.quotas();
      if (q.requestsPerSecond() != null && !(q.requestsPerSecond() > 0 && q.requestsPerSecond() <= 1_000_000)) {
        errors.add(new FieldError("/settings/quotas/requestsPerSecond", "must be above 0 and at most 1000000"));
      }
      if (q.eventsPerDay() != null && q.eventsPerDay() < 1) {
        errors.add(new FieldError("/settings/quotas/eventsPerDay", "must be at least 1"));
      }
      if (q.maxItems() != null && q.maxItems() < 1) {
        errors.add(new FieldError("/settings/quotas/maxItems", "must be at least 1"));
      }
    }
    if (settings.retentionDays() != null && settings.retentionDays() < 1) {
      errors.add(new FieldError("/settings/retentionDays", "must be at least 1 (or absent to keep events forever)"));
    }
    if (!errors.isEmpty()) {
      throw ProblemException.invalid("The tenant settings are invalid", errors);
    }
    return settings;
  }
}
