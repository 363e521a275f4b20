package io.warmstart.platform.quota;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Platform-wide default limits; each tenant may have its own in its settings ({@code quotas}). */
@ConfigMapping(prefix = "warmstart.quotas")
public interface QuotaConfig {

  /** Tenant-scoped API requests per second per replica (a token bucket). */
  @WithDefault("2000")
  double requestsPerSecond();

  /** How many seconds' worth of requests a tenant may burst above its rate. */
  @WithDefault("2")
  double burstSeconds();

  /** Events accepted per tenant and UTC day, all replicas together. */
  @WithDefault("50000000")
  long eventsPerDay();

  /** Items per tenant catalogue. */
  @WithDefault("5000000")
  long maxItems();
}
