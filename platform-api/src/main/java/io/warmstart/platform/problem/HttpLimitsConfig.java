package io.warmstart.platform.problem;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Limits the platform checks on every request before any endpoint sees it, so that oversized or
 * malformed requests get a problem document instead of the HTTP codec's empty answer. The codec's
 * own limits ({@code quarkus.http.limits.max-initial-line-length}, {@code max-header-size}) are set
 * well above these and only cut off requests too large to be answered at all.
 */
@ConfigMapping(prefix = "warmstart.http")
public interface HttpLimitsConfig {

  /** Longest request target (path and query) in characters; longer ones get 414. */
  @WithDefault("8192")
  int maxUriLength();

  /** Most bytes all request headers together may have (names, values, separators); more gets 431. */
  @WithDefault("20480")
  int maxHeaderBytes();

  /**
   * Longest time a streamed request body (bulk imports, JSON batches) may send nothing before the
   * request is answered with 408; it must stay below {@code quarkus.http.read-timeout}, after which
   * the connection is dropped without an answer.
   */
  @WithDefault("PT30S")
  Duration bodyIdleTimeout();
}
