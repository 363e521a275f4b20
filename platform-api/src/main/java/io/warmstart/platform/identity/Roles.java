package io.warmstart.platform.identity;

/** The realm roles of the platform (infra/keycloak/warmstart-realm.json); see docs/identity.md. */
public final class Roles {

  /** Creates tenants, manages their credentials and runs meta-training. Acts on a tenant only through operator endpoints. */
  public static final String OPERATOR = "platform-operator";

  /** A person administering one tenant through the console. */
  public static final String TENANT_ADMIN = "tenant-admin";

  /** A tenant's backend: ingests data and asks for recommendations, by client credentials. */
  public static final String TENANT_SDK = "tenant-sdk";

  private Roles() {}
}
