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
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The database half of tenant isolation: every transaction that a tenant's request runs executes as
 * the role {@code warmstart_tenant} with {@code warmstart.tenant_id} set to the tenant of the
 * request's token, so PostgreSQL's row-level security policies (V7, V8) confine every statement to
 * that tenant, whatever its WHERE clause says. Operators' requests and background work (no tenant in
 * context) run as the platform's own role, which the policies do not restrict.
 *
 * <p>Both settings are transaction-scoped ({@code set_config(..., true)}, i.e. {@code SET LOCAL}),
 * not session-scoped: Citus forwards only {@code SET LOCAL} settings to the worker connections a
 * distributed statement opens, and it opens them as the current role, so a session-level setting
 * would leave the policies on the shards without a tenant (docs/scaling.md). Nothing outlives the
 * transaction, so no connection can carry one tenant's confinement into another request.
 *
 * <p>The hook is the pool's acquire event, because every statement, Hibernate's and plain JDBC's,
 * needs a connection from this pool first, and the event fires once per checkout:
 *
 * <ul>
 *   <li>Inside a JTA transaction, Agroal has enlisted the connection (auto-commit off) before the
 *       interceptor runs, and keeps the same connection for the whole transaction; the settings are
 *       the transaction's first statement and last until its commit or rollback.
 *   <li>Outside one (auto-commit code, Hibernate reads without {@code @Transactional}), a {@code
 *       SET LOCAL} would end with its own statement, so the interceptor turns auto-commit off: the
 *       checkout becomes one transaction that starts with the settings, and Agroal's reset on return
 *       turns auto-commit back on, which commits it. Auto-commit statements therefore run confined
 *       too; the only difference is that their writes commit when the connection goes back rather
 *       than one by one.
 * </ul>
 *
 * <p>What this cannot cover: code that, in a tenant's request, commits or rolls back a connection
 * itself and then keeps using it. The next transaction would run as the platform's role. The code
 * that manages its own transactions ({@code ModelRegistry.inTransaction}, {@code
 * TrainingDataReader}) ends with the commit; keep it that way. A JDBC-level or JTA synchronisation
 * hook would not help there either: the commit bypasses both.
 */
@ApplicationScoped
public class TenantRowSecurity implements AgroalPoolInterceptor {

  static final String ROLE = "warmstart_tenant";
  private static final Logger LOG = Logger.getLogger(TenantRowSecurity.class);

  @Inject RequestTenantResolver resolver;
  @Inject AgroalDataSource dataSource;

  private volatile boolean enabled;

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
    boolean ownTransaction = false;
    try {
      if (connection.getAutoCommit()) {
        connection.setAutoCommit(false);
        ownTransaction = true;
      }
      // One round trip: set_config('role', ...) is SET LOCAL ROLE.
      try (PreparedStatement confine = connection.prepareStatement(
          "SELECT set_config('role', '" + ROLE + "', true), set_config('warmstart.tenant_id', ?, true)")) {
        confine.setString(1, tenant.get());
        confine.execute();
      }
    } catch (SQLException e) {
      if (ownTransaction) {
        // The pool takes a connection back without its reset when acquisition fails.
        undoOwnTransaction(connection);
      }
      throw new IllegalStateException("Could not confine a connection to tenant " + tenant.get(), e);
    }
  }

  private static void undoOwnTransaction(Connection connection) {
    try {
      connection.rollback();
      connection.setAutoCommit(true);
    } catch (SQLException brokenAnyway) {
      // The pool's validation discards a broken connection.
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
