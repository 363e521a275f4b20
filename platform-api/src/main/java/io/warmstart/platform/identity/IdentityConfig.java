package io.warmstart.platform.identity;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The platform's realm in Keycloak. Token validation itself is quarkus-oidc's configuration. */
@ConfigMapping(prefix = "warmstart.identity")
public interface IdentityConfig {

  /** The realm holding operators, tenants' organisations and their clients. */
  @WithDefault("warmstart")
  String realm();

  /** The audience every token for the API must carry (and that provisioned clients put in theirs). */
  @WithDefault("warmstart-api")
  String audience();
}
