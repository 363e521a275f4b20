package io.warmstart.platform.tenant;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.warmstart.platform.problem.ProblemException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** What kind of business a tenant is; it picks sensible default event weights. */
public enum TenantKind {
  ECOMMERCE("e-commerce"),
  EDUCATION("education"),
  MEDIA("media"),
  OTHER("other");

  private final String wireName;

  TenantKind(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }

  @JsonCreator
  public static TenantKind fromWire(String value) {
    return Arrays.stream(values())
        .filter(kind -> kind.wireName.equals(value))
        .findFirst()
        .orElseThrow(
            () ->
                ProblemException.invalidField(
                    "/kind",
                    "Unknown kind '" + value + "'; expected one of "
                        + Arrays.stream(values()).map(TenantKind::wireName).collect(Collectors.joining(", "))));
  }
}
