package io.warmstart.platform.sdk;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.warmstart.platform.support.Api;
import io.warmstart.platform.support.Tokens;
import io.warmstart.sdk.EventBatcher;
import io.warmstart.sdk.Model.BatchResult;
import io.warmstart.sdk.Model.Event;
import io.warmstart.sdk.Model.Experiment;
import io.warmstart.sdk.Model.Item;
import io.warmstart.sdk.Model.NewExperiment;
import io.warmstart.sdk.Model.Recommendations;
import io.warmstart.sdk.WarmstartClient;
import io.warmstart.sdk.WarmstartException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The Java SDK against the running platform and the real Keycloak. */
@QuarkusTest
class SdkTest {

  @TestHTTPResource("/")
  URL platform;

  private WarmstartClient client(String tenant, String apiUrl) {
    return WarmstartClient.builder()
        .apiUrl(apiUrl)
        .tokenUrl(Tokens.tokenEndpoint())
        .credentials(tenant + "-api", Api.tenantSecret(tenant))
        .requestTimeout(Duration.ofSeconds(5))
        .initialBackoff(Duration.ofMillis(50))
        .batchSize(250)
        .build();
  }

  @Test
  void ingestsInBatchesAndRecommends() {
    String tenant = Api.createTenant("sdk");
    WarmstartClient warmstart = client(tenant, platform.toString());
    assertEquals(2, warmstart.upsertItems(List.of(Item.of("b1", "Dune", "sci-fi"), Item.of("b2", "Emma", "classics"))).written());
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      events.add(Event.of("u" + i, i % 3 == 0 ? "b2" : "b1", "view").at(Instant.parse("2025-05-01T12:00:00Z").plusSeconds(i)));
    }
    BatchResult result = warmstart.sendEvents(events);
    assertEquals(600, result.received(), "600 events in 3 requests of at most 250");
    assertEquals(600, result.written());
    Recommendations list = warmstart.recommendForUser("somebody-new", 2);
    assertEquals("popularity", list.strategy());
    assertEquals("b1", list.items().get(0).id());
    assertEquals("session", warmstart.recommendForSession(List.of("b2"), 1).strategy());
    given().get("/v1/tenants/" + tenant + "/stats").then().body("events", equalTo(600));
  }

  @Test
  void aBatchRetriedAfterALostResponseIsStoredOnce() throws Exception {
    String tenant = Api.createTenant("sdk-retry");
    try (ResponseDroppingProxy proxy = new ResponseDroppingProxy(platform.getPort(), 1)) {
      WarmstartClient warmstart = client(tenant, "http://127.0.0.1:" + proxy.port());
      List<Event> events = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        events.add(Event.of("u" + (i % 7), "item-" + i, "click"));
      }
      BatchResult result = warmstart.sendEvents(events);
      assertEquals(1, proxy.dropped.get(), "the first response was lost on its way back");
      assertEquals(100, result.duplicates(), "the retry found every event already stored");
      assertEquals(0, result.written());
    }
    given().get("/v1/tenants/" + tenant + "/stats").then().body("events", equalTo(100));
  }

  @Test
  void theBatcherSendsInTheBackgroundAndOnClose() throws Exception {
    String tenant = Api.createTenant("sdk-batch");
    WarmstartClient warmstart = client(tenant, platform.toString());
    try (EventBatcher batcher = warmstart.batcher(Duration.ofMillis(200))) {
      for (int i = 0; i < 620; i++) {
        batcher.add(Event.of("u" + i, "x", "view"));
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (batcher.queued() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertEquals(0, batcher.queued());
      batcher.add(Event.of("last", "x", "view"));
    }
    given().get("/v1/tenants/" + tenant + "/stats").then().body("events", equalTo(621));
  }

  @Test
  void runsAnExperimentAndCountsTheClicksCitingItsLists() {
    String tenant = Api.createTenant("sdk-exp");
    WarmstartClient warmstart = client(tenant, platform.toString());
    warmstart.upsertItems(List.of(Item.of("b1", "Dune", "sci-fi"), Item.of("b2", "Emma", "classics"), Item.of("b3", "Ulysses", "classics")));
    warmstart.sendEvents(List.of(Event.of("u1", "b1", "view"), Event.of("u2", "b1", "view"), Event.of("u2", "b2", "view")));

    Experiment draft = warmstart.createExperiment(
        NewExperiment.interleaving("served against popularity", "users", "popularity", "served").withMaxImpressions(1000));
    assertEquals("draft", draft.status());
    assertEquals(1000, draft.maxImpressions());
    assertEquals("running", warmstart.startExperiment(draft.id()).status());

    Recommendations list = warmstart.recommendForUser("somebody-new", 3);
    assertEquals(draft.id(), list.experiment().id());
    assertEquals("interleaved", list.experiment().arm());
    warmstart.sendEvents(List.of(Event.of("somebody-new", list.items().get(0).id(), "click").citing(list.recommendationId())));
    Experiment read = awaitImpressions(warmstart, draft.id(), 1);
    assertEquals(1, read.results().impressions());
    assertEquals(1, read.results().clicks());
    assertEquals(1, read.results().interleaving().listsWithClicks());
    assertTrue(read.results().verdict().length() > 0);

    Experiment second = warmstart.createExperiment(NewExperiment.ab("another on the same surface", "users", "popularity", "served"));
    assertEquals(List.of(second.id(), draft.id()), warmstart.listExperiments().stream().map(Experiment::id).toList(), "newest first");
    assertEquals(409, assertThrows(WarmstartException.class, () -> warmstart.startExperiment(second.id())).status());
    Experiment stopped = warmstart.stopExperiment(draft.id());
    assertEquals("stopped", stopped.status());
    assertEquals("stopped by an admin", stopped.stopReason());
    assertNull(warmstart.recommendForUser("somebody-new", 3).experiment(), "no experiment runs any more");

    WarmstartClient other = client(Api.createTenant("sdk-exp-other"), platform.toString());
    assertEquals(404, assertThrows(WarmstartException.class, () -> other.getExperiment(draft.id())).status());
  }

  /** Served lists reach the experiment's results through an asynchronous log (flushed every 0.1 s in tests). */
  private static Experiment awaitImpressions(WarmstartClient warmstart, long id, long impressions) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    Experiment read = warmstart.getExperiment(id);
    while (read.results().impressions() < impressions && System.nanoTime() < deadline) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      read = warmstart.getExperiment(id);
    }
    return read;
  }

  @Test
  void refusalsAreNotRetriedAndSayWhy() {
    String tenant = Api.createTenant("sdk-bad");
    WarmstartClient warmstart = client(tenant, platform.toString());
    WarmstartException e = assertThrows(WarmstartException.class, () -> warmstart.sendEvents(List.of(Event.of("u", "i", "no-such-type"))));
    assertEquals(400, e.status());
    assertTrue(e.problem().contains("/events/0/type"), e.problem());
    WarmstartClient wrongSecret = WarmstartClient.builder().apiUrl(platform.toString()).tokenUrl(Tokens.tokenEndpoint())
        .credentials(tenant + "-api", "wrong").build();
    assertEquals(401, assertThrows(WarmstartException.class, () -> wrongSecret.recommendForUser("u", 1)).status());
  }

  /**
   * Forwards HTTP/1.1 connections to the platform, but for the first {@code drops} requests reads
   * the platform's whole response and then closes the client's connection without passing it on:
   * the request was applied, the client never hears so, as after a timeout.
   */
  static final class ResponseDroppingProxy implements AutoCloseable {
    final AtomicInteger dropped = new AtomicInteger();
    private final ServerSocket server;
    private final int target;
    private final int drops;

    ResponseDroppingProxy(int target, int drops) throws IOException {
      this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      this.target = target;
      this.drops = drops;
      Thread acceptor = new Thread(this::accept, "dropping-proxy");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return server.getLocalPort();
    }

    private void accept() {
      while (!server.isClosed()) {
        try {
          Socket client = server.accept();
          Thread handler = new Thread(() -> handle(client));
          handler.setDaemon(true);
          handler.start();
        } catch (IOException closed) {
          return;
        }
      }
    }

    private void handle(Socket client) {
      try (client; Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target)) {
        Thread toUpstream = new Thread(() -> pump(client, upstream));
        toUpstream.setDaemon(true);
        toUpstream.start();
        if (dropped.get() < drops) {
          // Let the platform answer in full, then hang up on the client.
          upstream.setSoTimeout(2000);
          try {
            upstream.getInputStream().transferTo(OutputStream.nullOutputStream());
          } catch (IOException timeoutAfterResponse) {
            // keep-alive: the platform keeps the connection open after answering
          }
          dropped.incrementAndGet();
          return;
        }
        upstream.getInputStream().transferTo(client.getOutputStream());
      } catch (IOException ignored) {
        // connection closed
      }
    }

    private static void pump(Socket from, Socket to) {
      try {
        InputStream in = from.getInputStream();
        in.transferTo(to.getOutputStream());
      } catch (IOException ignored) {
        // closed
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
