package io.warmstart.platform.tenancy;

import io.warmstart.platform.problem.ProblemException;
import io.warmstart.platform.quota.TenantQuotas;
import io.warmstart.platform.tenant.TenantDirectory;
import io.warmstart.platform.tenant.TenantStatus;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * The tenant a tenant-scoped request acts for, checked once per request: it must exist and be
 * active. Every tenant-scoped service asks this bean, and Hibernate's discriminator filter too.
 */
@RequestScoped
public class CurrentTenant {

  @Inject RequestTenantResolver resolver;
  @Inject TenantDirectory directory;
  @Inject TenantQuotas quotas;

  private String checkedTenantId;

  /** The active tenant of this request, or a problem (403 the token names none, 404 unknown, 403 suspended). */
  public String requireActive() {
    if (checkedTenantId == null) {
      String tenantId =
          resolver
              .resolveTenantId()
              .orElseThrow(
                  () ->
                      ProblemException.missingTenant(
                          "This endpoint acts for one tenant, and the access token names none: use a token of the tenant's "
                              + "API credentials or of one of its admins"));
      TenantStatus status =
          directory.statusOf(tenantId).orElseThrow(() -> ProblemException.notFound("Unknown tenant '" + tenantId + "'"));
      switch (status) {
        case DELETED -> throw ProblemException.notFound("Unknown tenant '" + tenantId + "'");
        case SUSPENDED -> throw ProblemException.forbidden("Tenant '" + tenantId + "' is suspended");
        case ACTIVE -> {
          quotas.checkRequest(tenantId);
          checkedTenantId = tenantId;
        }
      }
    }
    return checkedTenantId;
  }

  /** The checked tenant if {@link #requireActive()} already ran in this request. */
  Optional<String> checked() {
    return Optional.ofNullable(checkedTenantId);
  }
}
