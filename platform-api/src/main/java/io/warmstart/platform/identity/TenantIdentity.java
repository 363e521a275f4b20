package io.warmstart.platform.identity;

import io.warmstart.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * A tenant's identities in Keycloak, provisioned through the admin API: one organisation per tenant
 * (alias = tenant id) whose members are the tenant's admins, and confidential clients for the
 * tenant's backends, whose tokens carry the tenant in a hard-coded {@code tenant} claim and the
 * {@code tenant-sdk} role. Every operation is idempotent, so a call that failed half-way is simply
 * repeated; an unreachable Keycloak is a 503 problem and changes nothing in the platform.
 */
@ApplicationScoped
public class TenantIdentity {

  private static final Logger LOG = Logger.getLogger(TenantIdentity.class);
  /** Marks the clients that belong to a tenant (client attribute). */
  static final String TENANT_ATTRIBUTE = "warmstart.tenant";
  private static final SecureRandom RANDOM = new SecureRandom();
  /** The shape of the client ids of tenants' credentials: {@code <tenant>-api} and {@code <tenant>-api-<8 hex>}. */
  private static final java.util.regex.Pattern CLIENT_ID = java.util.regex.Pattern.compile("^[a-z0-9][a-z0-9-]{1,62}-api(-[0-9a-f]{8})?$");

  @Inject Keycloak keycloak;
  @Inject IdentityConfig config;

  /** API credentials of a tenant: a confidential client; the secret only when just created or rotated. */
  public record ApiCredential(String clientId, String clientSecret) {}

  /** An invited admin: their username and the one-time password they must change at first sign-in. */
  public record InvitedAdmin(String username, String temporaryPassword) {}

  /** The organisation and the first API client of a new tenant (reused if a previous attempt made them). */
  public ApiCredential provisionTenant(String tenantId, String displayName) {
    return call("provision tenant " + tenantId, () -> {
      ensureOrganization(tenantId, displayName);
      return ensureClient(tenantId, defaultClientId(tenantId));
    });
  }

  /** Removes the tenant's clients, its admins' accounts and its organisation; repeating it is harmless. */
  public void deprovisionTenant(String tenantId) {
    call("remove tenant " + tenantId, () -> {
      RealmResource realm = realm();
      for (ClientRepresentation client : tenantClients(tenantId)) {
        realm.clients().get(client.getId()).remove();
      }
      organization(tenantId).ifPresent(org -> {
        for (var member : realm.organizations().get(org.getId()).members().list(0, 10_000)) {
          realm.users().get(member.getId()).remove();
        }
        realm.organizations().get(org.getId()).delete().close();
      });
      return null;
    });
  }

  public List<ApiCredential> credentials(String tenantId) {
    return call("list the credentials of " + tenantId,
        () -> tenantClients(tenantId).stream().map(c -> new ApiCredential(c.getClientId(), null)).toList());
  }

  /** A further API client for the tenant (one per backend, so each can be rotated or revoked alone). */
  public ApiCredential createCredential(String tenantId) {
    String clientId = defaultClientId(tenantId) + "-" + HexFormat.of().formatHex(randomBytes(4));
    return call("create a credential for " + tenantId, () -> ensureClient(tenantId, clientId));
  }

  /** A new secret for one of the tenant's clients; the old one stops working at once. */
  public ApiCredential rotate(String tenantId, String clientId) {
    return call("rotate " + clientId, () -> {
      ClientResource client = realm().clients().get(requireTenantClient(tenantId, clientId).getId());
      return new ApiCredential(clientId, client.generateNewSecret().getValue());
    });
  }

  /** Deletes one of the tenant's clients: it gets no new tokens (issued ones expire within their lifespan). */
  public void revoke(String tenantId, String clientId) {
    call("revoke " + clientId, () -> {
      realm().clients().get(requireTenantClient(tenantId, clientId).getId()).remove();
      return null;
    });
  }

  /**
   * Creates an admin account for the tenant (a member of its organisation, role tenant-admin)
   * with a temporary password to change at first sign-in. No e-mail is sent: the operator passes
   * the password on.
   */
  public InvitedAdmin inviteAdmin(String tenantId, String email, String firstName, String lastName) {
    return call("invite " + email + " to " + tenantId, () -> {
      RealmResource realm = realm();
      OrganizationRepresentation org = organization(tenantId)
          .orElseThrow(() -> ProblemException.conflict("Tenant '" + tenantId + "' has no organisation in the identity server"));
      if (!realm.users().searchByUsername(email, true).isEmpty()) {
        throw ProblemException.conflict("An account '" + email + "' already exists");
      }
      String password = HexFormat.of().formatHex(randomBytes(12));
      UserRepresentation user = new UserRepresentation();
      user.setUsername(email);
      user.setEmail(email);
      user.setEnabled(true);
      user.setEmailVerified(true);
      user.setFirstName(firstName == null || firstName.isBlank() ? email.substring(0, email.indexOf('@')) : firstName.trim());
      user.setLastName(lastName == null || lastName.isBlank() ? "Admin" : lastName.trim());
      user.setRequiredActions(List.of("UPDATE_PASSWORD"));
      CredentialRepresentation credential = new CredentialRepresentation();
      credential.setType(CredentialRepresentation.PASSWORD);
      credential.setValue(password);
      credential.setTemporary(true);
      user.setCredentials(List.of(credential));
      String userId = createdId(realm.users().create(user), "user " + email);
      realm.users().get(userId).roles().realmLevel().add(List.of(role(Roles.TENANT_ADMIN)));
      realm.organizations().get(org.getId()).members().addMember(userId).close();
      LOG.infof("Invited %s as an admin of %s", email, tenantId);
      return new InvitedAdmin(email, password);
    });
  }

  private void ensureOrganization(String tenantId, String displayName) {
    if (organization(tenantId).isPresent()) {
      return;
    }
    OrganizationRepresentation org = new OrganizationRepresentation();
    org.setName(tenantId + " (" + displayName + ")");
    org.setAlias(tenantId);
    org.setEnabled(true);
    org.setDescription("Warmstart tenant " + tenantId);
    try (Response response = realm().organizations().create(org)) {
      if (response.getStatus() != 201 && response.getStatus() != 409) {
        throw new IllegalStateException("Keycloak refused the organisation of " + tenantId + ": HTTP " + response.getStatus());
      }
    }
  }

  private Optional<OrganizationRepresentation> organization(String tenantId) {
    // The admin API searches names, not aliases; the name starts with the tenant id.
    return realm().organizations().search(tenantId, false, 0, 100).stream()
        .filter(org -> tenantId.equals(org.getAlias()))
        .findFirst();
  }

  private ApiCredential ensureClient(String tenantId, String clientId) {
    RealmResource realm = realm();
    List<ClientRepresentation> existing = realm.clients().findByClientId(clientId);
    String id;
    if (existing.isEmpty()) {
      ClientRepresentation client = new ClientRepresentation();
      client.setClientId(clientId);
      client.setName("API credentials of " + tenantId);
      client.setEnabled(true);
      client.setPublicClient(false);
      client.setServiceAccountsEnabled(true);
      client.setStandardFlowEnabled(false);
      client.setDirectAccessGrantsEnabled(false);
      client.setProtocol("openid-connect");
      client.setAttributes(Map.of(TENANT_ATTRIBUTE, tenantId));
      client.setProtocolMappers(List.of(tenantClaim(tenantId), audience()));
      id = createdId(realm.clients().create(client), "client " + clientId);
      UserRepresentation serviceAccount = realm.clients().get(id).getServiceAccountUser();
      realm.users().get(serviceAccount.getId()).roles().realmLevel().add(List.of(role(Roles.TENANT_SDK)));
      LOG.infof("Created API client %s for %s", clientId, tenantId);
    } else {
      id = existing.get(0).getId();
      if (!tenantId.equals(attribute(existing.get(0)))) {
        throw ProblemException.conflict("Client '" + clientId + "' exists and belongs to another tenant");
      }
    }
    return new ApiCredential(clientId, realm.clients().get(id).getSecret().getValue());
  }

  private List<ClientRepresentation> tenantClients(String tenantId) {
    return realm().clients().findAll(defaultClientId(tenantId), true, true, 0, 1000).stream()
        .filter(c -> tenantId.equals(attribute(c)))
        .toList();
  }

  private ClientRepresentation requireTenantClient(String tenantId, String clientId) {
    // Only ids this class hands out are looked up: anything else cannot be the tenant's, and is not sent to Keycloak.
    if (!clientId.startsWith(defaultClientId(tenantId)) || !CLIENT_ID.matcher(clientId).matches()) {
      throw ProblemException.notFound("Tenant '" + tenantId + "' has no credential '" + clientId + "'");
    }
    return realm().clients().findByClientId(clientId).stream()
        .filter(c -> tenantId.equals(attribute(c)))
        .findFirst()
        .orElseThrow(() -> ProblemException.notFound("Tenant '" + tenantId + "' has no credential '" + clientId + "'"));
  }

  private static String attribute(ClientRepresentation client) {
    return client.getAttributes() == null ? null : client.getAttributes().get(TENANT_ATTRIBUTE);
  }

  private RoleRepresentation role(String name) {
    return realm().roles().get(name).toRepresentation();
  }

  private ProtocolMapperRepresentation tenantClaim(String tenantId) {
    ProtocolMapperRepresentation mapper = new ProtocolMapperRepresentation();
    mapper.setName("tenant");
    mapper.setProtocol("openid-connect");
    mapper.setProtocolMapper("oidc-hardcoded-claim-mapper");
    mapper.setConfig(Map.of("claim.name", "tenant", "claim.value", tenantId, "jsonType.label", "String",
        "access.token.claim", "true", "id.token.claim", "false", "introspection.token.claim", "true"));
    return mapper;
  }

  private ProtocolMapperRepresentation audience() {
    ProtocolMapperRepresentation mapper = new ProtocolMapperRepresentation();
    mapper.setName("warmstart-api audience");
    mapper.setProtocol("openid-connect");
    mapper.setProtocolMapper("oidc-audience-mapper");
    mapper.setConfig(Map.of("included.custom.audience", config.audience(), "access.token.claim", "true", "id.token.claim", "false",
        "introspection.token.claim", "true"));
    return mapper;
  }

  static String defaultClientId(String tenantId) {
    return tenantId + "-api";
  }

  private RealmResource realm() {
    return keycloak.realm(config.realm());
  }

  private static String createdId(Response response, String what) {
    try (response) {
      if (response.getStatus() == 409) {
        // Another request created it in the meantime (two creations of one tenant at once).
        throw ProblemException.conflict("The identity server already has " + what + ": another request is creating the same thing");
      }
      if (response.getStatus() != 201) {
        throw new IllegalStateException("Keycloak refused to create " + what + ": HTTP " + response.getStatus());
      }
      String path = response.getLocation().getPath();
      return path.substring(path.lastIndexOf('/') + 1);
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  /** Runs an admin call; an unreachable or failing Keycloak becomes a 503 problem. */
  private static <T> T call(String what, Supplier<T> work) {
    try {
      return work.get();
    } catch (ProblemException e) {
      throw e;
    } catch (ProcessingException | WebApplicationException | IllegalStateException e) {
      LOG.warnf("Identity server: could not %s: %s", what, e.getMessage());
      throw ProblemException.unavailable("The identity server could not " + what + "; nothing was changed in the platform, retry later");
    }
  }
}
