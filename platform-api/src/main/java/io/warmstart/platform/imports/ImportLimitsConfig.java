package io.warmstart.platform.imports;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How many bulk imports may run at once and where their uploads wait. An import uses one database
 * connection while it writes; these limits keep imports to a fraction of the pool (16 by default),
 * so that one tenant's uploads never starve the other tenants' requests.
 */
@ConfigMapping(prefix = "warmstart.imports")
public interface ImportLimitsConfig {

  /** Imports (upload and write) running at once in this process, all tenants together; more get 429. */
  @WithDefault("4")
  int maxConcurrent();

  /** Imports of one tenant running at once in this process; more get 429. */
  @WithDefault("2")
  int maxConcurrentPerTenant();

  /** What a refused import is told to wait before it tries again (Retry-After). */
  @WithDefault("PT10S")
  Duration retryAfter();

  /**
   * Where an upload is kept until it has fully arrived and is written to the database (deleted
   * afterwards); the system's temporary folder when unset. It needs room for the largest file.
   */
  Optional<Path> spoolDirectory();
}
