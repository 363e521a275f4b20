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

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

  private Http() {}

  static Response post(int port, String path, String tenant, String contentType, byte[] body) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .timeout(Duration.ofMinutes(30)).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    request.header("Authorization", "Bearer " + BenchIdentity.tokenFor(tenant));
    HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (path.equals("/v1/tenants") && response.statusCode() == 201) {
      BenchIdentity.register(JSON.readTree(response.body()).get("id").asText(), response.body());
    }
    return new Response(response.statusCode(), response.body());
  }

  static Response get(int port, String path, String tenant) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofMinutes(5));
    if (!path.startsWith("/q/")) {
      request.header("Authorization", "Bearer " + BenchIdentity.tokenFor(tenant));
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
