package io.warmstart.platform.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Records administrative actions with the identity that made them. An action is recorded after it
 * succeeded; if recording fails the caller gets an error, so an action never goes unrecorded
 * silently (the action itself has happened and is idempotent to repeat).
 */
@ApplicationScoped
public class AuditLog {

  @Inject AgroalDataSource dataSource;
  @Inject SecurityIdentity identity;
  @Inject ObjectMapper json;

  public void record(String tenantId, String action, Map<String, ?> detail) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO audit_log (tenant_id, actor, action, detail) VALUES (?, ?, ?, ?::jsonb)")) {
      insert.setString(1, tenantId);
      insert.setString(2, actor());
      insert.setString(3, action);
      insert.setString(4, json.writeValueAsString(detail));
      insert.executeUpdate();
    } catch (SQLException | JsonProcessingException e) {
      throw new IllegalStateException("Could not record " + action + " of " + tenantId + " in the audit log", e);
    }
  }

  /** A tenant's entries, newest first, before {@code beforeId} when given. */
  public List<AuditEntry> entries(String tenantId, Long beforeId, int limit) {
    String sql = "SELECT tenant_id, entry_id, at, actor, action, detail::text FROM audit_log WHERE tenant_id = ? "
        + (beforeId == null ? "" : "AND entry_id < ? ") + "ORDER BY entry_id DESC LIMIT ?";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(sql)) {
      int p = 1;
      query.setString(p++, tenantId);
      if (beforeId != null) {
        query.setLong(p++, beforeId);
      }
      query.setInt(p, limit);
      List<AuditEntry> out = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          out.add(new AuditEntry(rows.getString(1), rows.getLong(2), rows.getObject(3, OffsetDateTime.class).toInstant(), rows.getString(4),
              rows.getString(5), rows.getString(6)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("Could not read the audit log of " + tenantId, e);
    }
  }

  /** The acting identity: a person's user name, or a client's service account. */
  private String actor() {
    if (identity.isAnonymous()) {
      return "anonymous";
    }
    if (identity.getPrincipal() instanceof JsonWebToken token) {
      String name = token.getClaim("preferred_username");
      if (name != null) {
        return name;
      }
      return token.getSubject();
    }
    return identity.getPrincipal().getName();
  }
}
