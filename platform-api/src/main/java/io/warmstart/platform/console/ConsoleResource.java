package io.warmstart.platform.console;

import io.warmstart.platform.identity.IdentityConfig;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * What the browser needs before anyone signs in: where to sign in. The console's pages themselves
 * are static files under {@code /console/} (the tenant-console module); everything they show comes
 * from the same {@code /v1} API as the SDK, with the signed-in person's token.
 */
@PermitAll
@Path("/v1/console")
@Tag(name = "Console")
public class ConsoleResource {

  /** The OpenID Connect settings of the console (public values: no secret involved). */
  public record SignInSettings(String authority, String clientId, String scope) {}

  @Inject ConsoleConfig console;
  @Inject IdentityConfig identity;

  @ConfigProperty(name = "warmstart.keycloak.url")
  String keycloakUrl;

  @GET
  @Path("config")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Sign-in settings of the web console (public)")
  public SignInSettings config() {
    String authority = console.authority().orElse(keycloakUrl + "/realms/" + identity.realm());
    // "organization" puts the signed-in admin's organisation (the tenant) into the token.
    return new SignInSettings(authority, console.clientId(), "openid organization");
  }
}
