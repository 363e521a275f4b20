package io.warmstart.platform.identity;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Request bodies of the identity endpoints. */
public final class IdentityRequests {

  private IdentityRequests() {}

  /**
   * Invite a person to administer a tenant; their e-mail is their username. Names are optional
   * (Keycloak's user profile needs them: absent, the e-mail's local part and "Admin" are used, and
   * the person can change them).
   */
  public record InviteAdmin(@NotBlank @Email @Size(max = 254) String email, @Size(max = 100) String firstName, @Size(max = 100) String lastName) {}
}
