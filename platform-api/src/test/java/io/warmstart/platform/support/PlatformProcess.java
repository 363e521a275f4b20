package io.warmstart.platform.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** What the integration tests and benchmarks that run the packaged platform as a process share. */
public final class PlatformProcess {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private PlatformProcess() {}

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /**
   * Waits until {@code base}/q/health/ready answers 200, for at most two minutes.
   *
   * @param process the platform's process, or null when the caller does not own it; its exit ends the wait
   */
  public static void awaitReady(String base, Process process) throws InterruptedException {
    awaitReady(base, process, Duration.ofSeconds(120));
  }

  /** As above, for at most {@code limit}. */
  public static void awaitReady(String base, Process process, Duration limit) throws InterruptedException {
    HttpRequest probe = HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).timeout(Duration.ofSeconds(10)).build();
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (process != null && !process.isAlive()) {
        throw new IllegalStateException("the platform exited during start-up (exit " + process.exitValue() + ")");
      }
      try {
        if (HTTP.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("the platform at " + base + " did not become ready within " + limit.toSeconds() + " s");
  }

  /** A JSON request with an optional bearer token. */
  public static HttpResponse<String> send(String method, String url, String token, String json) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    request.header("Content-Type", "application/json");
    request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
