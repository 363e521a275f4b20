package io.warmstart.platform.tenancy;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.hibernate.orm.PersistenceUnitExtension;
import io.quarkus.hibernate.orm.runtime.tenant.TenantResolver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Feeds Hibernate's discriminator multi-tenancy from {@link CurrentTenant}, so every ORM query on a
 * tenant entity is filtered by {@code tenant_id}. Outside a checked tenant request (operator
 * endpoints, background work) sessions get a tenant id that matches no row.
 */
@PersistenceUnitExtension
@ApplicationScoped
public class HibernateTenantResolver implements TenantResolver {

  /** Not a valid tenant slug, so it can never match a real tenant's rows. */
  public static final String NO_TENANT = "_none_";

  @Inject CurrentTenant currentTenant;

  @Override
  public String getDefaultTenantId() {
    return NO_TENANT;
  }

  @Override
  public String resolveTenantId() {
    ManagedContext requestContext = Arc.container().requestContext();
    if (!requestContext.isActive()) {
      return NO_TENANT;
    }
    return currentTenant.checked().orElse(NO_TENANT);
  }
}
