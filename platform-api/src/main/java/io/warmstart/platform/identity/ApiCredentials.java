package io.warmstart.platform.identity;

import io.warmstart.platform.audit.AuditLog;
import io.warmstart.platform.identity.TenantIdentity.ApiCredential;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;

/**
 * A tenant's API credentials, changed in Keycloak and recorded in the tenant's audit log, whoever
 * asks: an operator ({@code /v1/tenants/{id}/credentials}) or the tenant's admin ({@code /v1/credentials}).
 */
@ApplicationScoped
public class ApiCredentials {

  @Inject TenantIdentity identity;
  @Inject AuditLog audit;

  public List<ApiCredential> list(String tenantId) {
    return identity.credentials(tenantId);
  }

  public ApiCredential create(String tenantId) {
    ApiCredential created = identity.createCredential(tenantId);
    audit.record(tenantId, "credential.create", Map.of("clientId", created.clientId()));
    return created;
  }

  public ApiCredential rotate(String tenantId, String clientId) {
    ApiCredential rotated = identity.rotate(tenantId, clientId);
    audit.record(tenantId, "credential.rotate", Map.of("clientId", clientId));
    return rotated;
  }

  public void revoke(String tenantId, String clientId) {
    identity.revoke(tenantId, clientId);
    audit.record(tenantId, "credential.revoke", Map.of("clientId", clientId));
  }
}
