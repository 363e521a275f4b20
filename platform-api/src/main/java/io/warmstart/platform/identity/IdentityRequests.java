package io.warmstart.platform.identity;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Request bodies of the identity endpoints. */
public final class IdentityRequests {

  private IdentityRequests() {}

  /** Invite a person to administer a tenant; their e-mail is their username. */
  public record InviteAdmin(@NotBlank @Email @Size(max = 254) String email) {}
}
