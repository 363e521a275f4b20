package io.warmstart.sdk.examples;

import io.warmstart.sdk.Model.Event;
import io.warmstart.sdk.Model.Item;
import io.warmstart.sdk.Model.Recommendations;
import io.warmstart.sdk.WarmstartClient;
import java.util.List;

/**
 * A tenant backend in a dozen lines, against a running platform ({@code ./warmstart run}):
 *
 * <pre>
 * ./mvnw -q -pl platform-api/sdk test-compile
 * ./mvnw -q -pl platform-api/sdk org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.warmstart.sdk.examples.QuickStart -Dexec.args="acme-api SECRET"
 * </pre>
 *
 * Arguments: the tenant's client id and secret (from tenant creation), then optionally the API and
 * token URLs (default: the local platform and its Keycloak).
 */
public final class QuickStart {

  private QuickStart() {}

  public static void main(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: QuickStart CLIENT_ID CLIENT_SECRET [API_URL] [TOKEN_URL]");
      System.exit(2);
    }
    WarmstartClient warmstart = WarmstartClient.builder()
        .apiUrl(args.length > 2 ? args[2] : "http://localhost:8080")
        .tokenUrl(args.length > 3 ? args[3] : "http://127.0.0.1:8180/realms/warmstart/protocol/openid-connect/token")
        .credentials(args[0], args[1])
        .build();
    warmstart.upsertItems(List.of(Item.of("b1", "Dune", "sci-fi"), Item.of("b2", "Emma", "classics")));
    System.out.println(warmstart.sendEvents(List.of(Event.of("u1", "b1", "purchase"), Event.of("u2", "b2", "view"))));
    Recommendations list = warmstart.recommendForUser("u3", 5);
    System.out.println(list.strategy() + " " + list.items());
  }
}
