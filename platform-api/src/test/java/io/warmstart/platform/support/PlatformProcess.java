package io.warmstart.platform.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the integration tests and benchmarks that run the packaged platform as a process share. */
public final class PlatformProcess {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private PlatformProcess() {}

  /** The platform as {@code ./mvnw -pl platform-api -am -DskipTests package} builds it: what the benchmarks start. */
  public static final Path JAR = Path.of("platform-api", "target", "quarkus-app", "quarkus-run.jar");

  /**
   * The command that starts the built platform with this heap ({@code "2g"}), with the JVM options
   * of {@code BENCH_PLATFORM_JAVA_OPTS} when set, e.g. {@code -XX:StartFlightRecording=filename=platform.jfr}
   * to profile the platform alone.
   */
  public static List<String> benchCommand(String heap) {
    if (!Files.exists(JAR)) {
      throw new IllegalStateException("Build the platform first (./mvnw -pl platform-api -am -DskipTests package): " + JAR);
    }
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap));
    String extra = System.getenv("BENCH_PLATFORM_JAVA_OPTS");
    if (extra != null && !extra.isBlank()) {
      command.addAll(List.of(extra.trim().split("\\s+")));
    }
    command.addAll(List.of("-jar", JAR.toString()));
    return command;
  }

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
