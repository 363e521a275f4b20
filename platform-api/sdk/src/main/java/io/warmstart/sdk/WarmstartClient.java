package io.warmstart.sdk;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.warmstart.sdk.Model.BatchResult;
import io.warmstart.sdk.Model.Event;
import io.warmstart.sdk.Model.Experiment;
import io.warmstart.sdk.Model.ExperimentList;
import io.warmstart.sdk.Model.Item;
import io.warmstart.sdk.Model.NewExperiment;
import io.warmstart.sdk.Model.Recommendations;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A tenant backend's client for the Warmstart API. Thread-safe; create one and share it.
 *
 * <pre>{@code
 * WarmstartClient warmstart = WarmstartClient.builder()
 *     .apiUrl("https://api.example.com")
 *     .tokenUrl("https://id.example.com/realms/warmstart/protocol/openid-connect/token")
 *     .credentials("acme-api", secret)
 *     .build();
 * warmstart.sendEvents(List.of(Event.of("u1", "b1", "purchase")));
 * Recommendations r = warmstart.recommendForUser("u1", 10);
 * }</pre>
 *
 * <p>Writes are safe to retry: events get an idempotency key ({@code eventId}) before their first
 * attempt, so a batch retried after a timeout or a lost response is stored once. Calls are retried
 * on network failures, 429 (after {@code Retry-After}) and 5xx, with exponential backoff; other
 * refusals (400, 403, 404, 413) are not retried and throw {@link WarmstartException}.
 */
public final class WarmstartClient {

  /** The platform's largest batch. */
  public static final int MAX_BATCH = 10_000;

  private final HttpClient http;
  private final URI apiUrl;
  private final TokenProvider tokens;
  private final Duration requestTimeout;
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final int batchSize;
  private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private WarmstartClient(Builder b) {
    this.http = b.http != null ? b.http : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    this.apiUrl = URI.create(b.apiUrl.replaceAll("/+$", ""));
    this.tokens = new TokenProvider(http, URI.create(b.tokenUrl), b.clientId, b.clientSecret, b.clock);
    this.requestTimeout = b.requestTimeout;
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.batchSize = b.batchSize;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Sends events in batches of at most {@code batchSize}; events without an id get one first. */
  public BatchResult sendEvents(List<Event> events) {
    List<Event> keyed = new ArrayList<>(events.size());
    for (Event event : events) {
      keyed.add(event.eventId() == null ? event.withId(UUID.randomUUID().toString()) : event);
    }
    BatchResult total = BatchResult.empty();
    for (int from = 0; from < keyed.size(); from += batchSize) {
      List<Event> batch = keyed.subList(from, Math.min(keyed.size(), from + batchSize));
      total = total.plus(call("POST", "/v1/events", Map.of("events", batch), BatchResult.class));
    }
    return total;
  }

  /** Creates or replaces items (upserts are idempotent, so retries are safe). */
  public BatchResult upsertItems(List<Item> items) {
    BatchResult total = BatchResult.empty();
    for (int from = 0; from < items.size(); from += batchSize) {
      total = total.plus(call("PUT", "/v1/items", Map.of("items", items.subList(from, Math.min(items.size(), from + batchSize))), BatchResult.class));
    }
    return total;
  }

  public Recommendations recommendForUser(String userId, int count) {
    return call("GET", "/v1/recommendations/users/" + path(userId) + "?count=" + count, null, Recommendations.class);
  }

  public Recommendations similarItems(String itemId, int count) {
    return call("GET", "/v1/recommendations/items/" + path(itemId) + "/similar?count=" + count, null, Recommendations.class);
  }

  /** For an anonymous visitor: their recent item ids, oldest first. */
  public Recommendations recommendForSession(List<String> recentItems, int count) {
    return call("POST", "/v1/recommendations/session?count=" + count, Map.of("items", recentItems), Recommendations.class);
  }

  /**
   * Creates an experiment as a draft; {@link #startExperiment} starts it. A create retried after a
   * lost response can leave a second draft: drafts serve nothing.
   */
  public Experiment createExperiment(NewExperiment experiment) {
    return call("POST", "/v1/experiments", experiment, Experiment.class);
  }

  /** The tenant's experiments, newest first, with their results. */
  public List<Experiment> listExperiments() {
    return call("GET", "/v1/experiments", null, ExperimentList.class).items();
  }

  /** One experiment with its results as of now; 404 if it is not this tenant's. */
  public Experiment getExperiment(long id) {
    return call("GET", "/v1/experiments/" + id, null, Experiment.class);
  }

  /**
   * Starts serving a draft: from now on the lists of its surface carry it. Refused (409) while another
   * experiment runs on the same surface, or when it is not a draft.
   */
  public Experiment startExperiment(long id) {
    return call("POST", "/v1/experiments/" + id + "/start", null, Experiment.class);
  }

  /** Stops a running experiment; its results stay readable. Refused (409) when it is not running. */
  public Experiment stopExperiment(long id) {
    return call("POST", "/v1/experiments/" + id + "/stop", null, Experiment.class);
  }

  /** A buffer that sends events in the background when it holds {@code batchSize} or every {@code interval}. */
  public EventBatcher batcher(Duration interval) {
    return new EventBatcher(this, batchSize, interval);
  }

  private <T> T call(String method, String path, Object body, Class<T> type) {
    byte[] bytes;
    try {
      bytes = body == null ? null : json.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new WarmstartException("Could not encode the request", e);
    }
    Duration backoff = initialBackoff;
    boolean tokenRefreshed = false;
    for (int attempt = 1; ; attempt++) {
      HttpRequest.Builder request = HttpRequest.newBuilder(apiUrl.resolve(path))
          .timeout(requestTimeout)
          .header("Authorization", "Bearer " + tokens.token())
          .header("Accept", "application/json");
      if (bytes != null) {
        request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
      } else {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      }
      HttpResponse<String> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        // A timeout or a dropped connection: the request may or may not have been applied. The
        // same body (same event ids) goes again, so either way it is stored once.
        if (attempt >= maxAttempts) {
          throw new WarmstartException(method + " " + path + " failed after " + attempt + " attempts", e);
        }
        sleep(backoff);
        backoff = backoff.multipliedBy(2);
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new WarmstartException("Interrupted", e);
      }
      int status = response.statusCode();
      if (status / 100 == 2) {
        try {
          return json.readValue(response.body(), type);
        } catch (IOException e) {
          throw new WarmstartException("Unexpected response to " + method + " " + path, e);
        }
      }
      if (status == 401 && !tokenRefreshed) {
        // The secret may have been rotated or the token revoked early: one fresh token, one retry.
        tokens.invalidate();
        tokenRefreshed = true;
        continue;
      }
      boolean retryable = status == 429 || status == 502 || status == 503 || status == 504;
      if (!retryable || attempt >= maxAttempts) {
        throw new WarmstartException(method + " " + path + " was refused (HTTP " + status + ")", status, response.body());
      }
      Duration wait = response.headers().firstValue("Retry-After").map(WarmstartClient::seconds).orElse(backoff);
      sleep(wait.compareTo(backoff) > 0 ? wait : backoff);
      backoff = backoff.multipliedBy(2);
    }
  }

  private static Duration seconds(String header) {
    try {
      return Duration.ofSeconds(Long.parseLong(header.trim()));
    } catch (NumberFormatException e) {
      return Duration.ZERO;
    }
  }

  private static String path(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WarmstartException("Interrupted while waiting to retry", e);
    }
  }

  /** Configuration of a client. {@code apiUrl}, {@code tokenUrl} and the credentials are required. */
  public static final class Builder {
    private String apiUrl;
    private String tokenUrl;
    private String clientId;
    private String clientSecret;
    private HttpClient http;
    private Duration requestTimeout = Duration.ofSeconds(30);
    private int maxAttempts = 5;
    private Duration initialBackoff = Duration.ofMillis(200);
    private int batchSize = 1000;
    private Clock clock = Clock.systemUTC();

    public Builder apiUrl(String url) {
      this.apiUrl = url;
      return this;
    }

    /** The token endpoint of the platform's realm: {@code <keycloak>/realms/warmstart/protocol/openid-connect/token}. */
    public Builder tokenUrl(String url) {
      this.tokenUrl = url;
      return this;
    }

    /** The tenant's API credentials (from tenant creation or {@code POST /v1/tenants/{id}/credentials}). */
    public Builder credentials(String clientId, String clientSecret) {
      this.clientId = clientId;
      this.clientSecret = clientSecret;
      return this;
    }

    public Builder httpClient(HttpClient client) {
      this.http = client;
      return this;
    }

    /** How long one attempt may take before it counts as failed and is retried. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = timeout;
      return this;
    }

    public Builder maxAttempts(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1");
      }
      this.maxAttempts = attempts;
      return this;
    }

    public Builder initialBackoff(Duration backoff) {
      this.initialBackoff = backoff;
      return this;
    }

    public Builder batchSize(int size) {
      if (size < 1 || size > MAX_BATCH) {
        throw new IllegalArgumentException("batchSize must be between 1 and " + MAX_BATCH);
      }
      this.batchSize = size;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public WarmstartClient build() {
      if (apiUrl == null || tokenUrl == null || clientId == null || clientSecret == null) {
        throw new IllegalStateException("apiUrl, tokenUrl and credentials are required");
      }
      return new WarmstartClient(this);
    }
  }
}
