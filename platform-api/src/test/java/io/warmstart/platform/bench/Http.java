package io.warmstart.platform.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** One-off requests of the benchmarks' set-up phases (timed sections use {@link KeepAliveClient} or wrk). */
final class Http {

  record Response(int status, String body) {}

  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

  private Http() {}

  static Response post(int port, String path, String tenant, String contentType, byte[] body) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .timeout(Duration.ofMinutes(30)).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (tenant != null) {
      request.header("X-Warmstart-Tenant", tenant);
    }
    HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Response(response.statusCode(), response.body());
  }

  static Response get(int port, String path, String tenant) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofMinutes(5));
    if (tenant != null) {
      request.header("X-Warmstart-Tenant", tenant);
    }
    HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Response(response.statusCode(), response.body());
  }

  static Response expectOk(Response response) {
    if (response.status() / 100 != 2) {
      throw new IllegalStateException("request failed: " + response.status() + " " + response.body());
    }
    return response;
  }
}
