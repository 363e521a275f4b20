package io.warmstart.platform.support;

import io.warmstart.platform.launcher.EmbeddedDatabase;
import java.nio.file.Path;
import java.util.Map;

/** Embedded PostgreSQL servers that tests and benchmarks start themselves, with a test-only password. */
public final class TestDatabases {

  public static final String PASSWORD = "test-only-database-password";

  private TestDatabases() {}

  /** A server with its data in {@code dataDirectory} and its log beside it. */
  public static EmbeddedDatabase start(Path dataDirectory) {
    return EmbeddedDatabase.start(dataDirectory, PASSWORD, dataDirectory.resolveSibling("postgres.log"));
  }

  /** What a platform process needs in its environment to use {@code database}. */
  public static void use(Map<String, String> environment, EmbeddedDatabase database) {
    environment.put("WARMSTART_DB_URL", database.jdbcUrl());
    environment.put("WARMSTART_DB_USER", EmbeddedDatabase.USER);
    environment.put("WARMSTART_DB_PASSWORD", database.password());
  }
}
