package io.warmstart.platform.tenancy;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Takes the tenant from the {@value #HEADER} request header. A stand-in until tokens carry the
 * tenant: it trusts the caller, so it must not face the internet on its own.
 */
@ApplicationScoped
public class HeaderRequestTenantResolver implements RequestTenantResolver {

  public static final String HEADER = "X-Warmstart-Tenant";

  @Inject CurrentVertxRequest currentRequest;

  @Override
  public Optional<String> resolveTenantId() {
    RoutingContext context = currentRequest.getCurrent();
    if (context == null) {
      return Optional.empty();
    }
    String value = context.request().getHeader(HEADER);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }
}
