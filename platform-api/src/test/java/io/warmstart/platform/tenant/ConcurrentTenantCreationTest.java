package io.warmstart.platform.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.warmstart.platform.support.Api;
import io.warmstart.platform.support.PlatformProcess;
import io.warmstart.platform.support.Tokens;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Tenants created at the same moment: each distinct id succeeds (no request waits for a database
 * connection held by another's identity-server calls), and of several creations of one id exactly
 * one succeeds and the others are told it exists (409, not 5xx).
 */
@QuarkusTest
class ConcurrentTenantCreationTest {

  @TestHTTPResource("/v1/tenants")
  URL tenants;

  @Test
  void distinctIdsAtOnceAllSucceed() throws Exception {
    String prefix = Api.uniqueTenantId("many");
    List<Integer> statuses = createAtOnce(24, i -> prefix + "-" + i);
    assertEquals(Map.of(201, 24), counts(statuses), statuses.toString());
  }

  @Test
  void oneIdAtOnceSucceedsOnceAndConflictsOtherwise() throws Exception {
    String id = Api.uniqueTenantId("same");
    List<Integer> statuses = createAtOnce(8, i -> id);
    assertEquals(Map.of(201, 1, 409, 7), counts(statuses), statuses.toString());
  }

  private List<Integer> createAtOnce(int requests, java.util.function.IntFunction<String> id) throws Exception {
    String operator = Tokens.operator();
    ExecutorService pool = Executors.newFixedThreadPool(requests);
    try {
      List<Callable<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        String body = "{\"id\":\"" + id.apply(i) + "\",\"displayName\":\"Race\",\"kind\":\"media\"}";
        calls.add(() -> PlatformProcess.send("POST", tenants.toString(), operator, body).statusCode());
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> status : pool.invokeAll(calls)) {
        statuses.add(status.get());
      }
      return statuses;
    } finally {
      pool.shutdownNow();
    }
  }

  private static Map<Integer, Integer> counts(List<Integer> statuses) {
    Map<Integer, Integer> counts = new TreeMap<>();
    statuses.forEach(status -> counts.merge(status, 1, Integer::sum));
    return counts;
  }
}
