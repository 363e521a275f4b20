package io.warmstart.platform.support;

import io.quarkus.test.common.QuarkusTestResource;

/** Declares the shared PostgreSQL once; Quarkus applies it to every {@code @QuarkusTest} in the run. */
@QuarkusTestResource(EmbeddedPostgresTestResource.class)
public final class PostgresTestSupport {
  private PostgresTestSupport() {}
}
