package io.warmstart.platform.support;

import io.quarkus.test.common.QuarkusTestResource;

/** Declares the shared PostgreSQL and Keycloak once; Quarkus applies them to every {@code @QuarkusTest} in the run. */
@QuarkusTestResource(EmbeddedPostgresTestResource.class)
@QuarkusTestResource(KeycloakTestResource.class)
public final class PostgresTestSupport {
  private PostgresTestSupport() {}
}
