package io.warmstart.platform.tenancy;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.AgroalPoolInterceptor;
import io.quarkus.arc.Arc;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import org.jboss.logging.Logger;

/**
 * The database half of tenant isolation: every connection a tenant's request takes from the pool
 * runs as the role {@code warmstart_tenant} with {@code warmstart.tenant_id} set to the tenant of
 * the request's token, so PostgreSQL's row-level security policies (V7) confine every statement
 * to that tenant, whatever its WHERE clause says. The role and setting are reset when the
 * connection goes back to the pool. Operators' requests and background work (no tenant in
 * context) run as the platform's own role, which the policies do not restrict.
 */
@ApplicationScoped
public class TenantRowSecurity implements AgroalPoolInterceptor {

  static final String ROLE = "warmstart_tenant";
  private static final Logger LOG = Logger.getLogger(TenantRowSecurity.class);

  @Inject RequestTenantResolver resolver;
  @Inject AgroalDataSource dataSource;

  private volatile boolean enabled;
  private final Set<Object> confined = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

  void check(@Observes StartupEvent event) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(
            "SELECT pg_has_role(current_user, oid, 'MEMBER') FROM pg_roles WHERE rolname = ?")) {
      query.setString(1, ROLE);
      try (ResultSet row = query.executeQuery()) {
        enabled = row.next() && row.getBoolean(1);
      }
    } catch (SQLException e) {
      enabled = false;
    }
    if (!enabled) {
      LOG.warnf("Row-level security is off: role %s is missing or not granted to the platform's database user (see V7__row_level_security.sql)", ROLE);
    }
  }

  public boolean enabled() {
    return enabled;
  }

  @Override
  public void onConnectionAcquire(Connection connection) {
    Optional<String> tenant = tenantOfCurrentRequest();
    if (tenant.isEmpty()) {
      return;
    }
    // One round trip: set_config('role', ...) is SET ROLE.
    try (PreparedStatement confine = connection.prepareStatement(
        "SELECT set_config('role', '" + ROLE + "', false), set_config('warmstart.tenant_id', ?, false)")) {
      confine.setString(1, tenant.get());
      confine.execute();
      confined.add(physical(connection));
    } catch (SQLException e) {
      throw new IllegalStateException("Could not confine a connection to tenant " + tenant.get(), e);
    }
  }

  @Override
  public void onConnectionReturn(Connection connection) {
    if (confined.remove(physical(connection))) {
      try (Statement reset = connection.createStatement()) {
        reset.execute("RESET ROLE; RESET warmstart.tenant_id");
      } catch (SQLException e) {
        // A connection that cannot be reset must not serve anyone else.
        try {
          connection.close();
        } catch (SQLException ignored) {
          // already broken
        }
      }
    }
  }

  /** The pool may hand the same physical connection in different wrappers: key on the driver's own object. */
  private static Object physical(Connection connection) {
    try {
      return connection.unwrap(org.postgresql.PGConnection.class);
    } catch (SQLException notPostgres) {
      return connection;
    }
  }

  private Optional<String> tenantOfCurrentRequest() {
    if (!enabled || !Arc.container().requestContext().isActive()) {
      return Optional.empty();
    }
    try {
      return resolver.resolveTenantId();
    } catch (RuntimeException noIdentityHere) {
      return Optional.empty();
    }
  }
}
