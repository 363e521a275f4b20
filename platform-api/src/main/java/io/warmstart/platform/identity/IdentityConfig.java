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

  /**
   * How many distinct verified bearer tokens are remembered (each until its own expiry, never past it),
   * so that a backend reusing its token pays the signature check once; 0 verifies every request.
   */
  @WithDefault("10000")
  int tokenCacheSize();
}
