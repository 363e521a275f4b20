package io.warmstart.sdk;

import io.warmstart.sdk.Model.BatchResult;
import io.warmstart.sdk.Model.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Collects events from any thread and sends them in batches: when {@code batchSize} are waiting, and
 * every {@code interval} otherwise. Each event gets its idempotency key when it is added, so a batch
 * that is retried (by the client) or re-sent after a failure (by {@link #flush()}) is stored once.
 * {@link #close()} sends what is left. A batch that still fails after the client's retries stays
 * queued and is tried again at the next flush; failures are reported to the error handler.
 */
public final class EventBatcher implements AutoCloseable {

  private final WarmstartClient client;
  private final int batchSize;
  private final ScheduledExecutorService timer;
  private final List<Event> pending = new ArrayList<>();
  private volatile Consumer<RuntimeException> onError = e -> {};
  private long written;

  EventBatcher(WarmstartClient client, int batchSize, Duration interval) {
    this.client = client;
    this.batchSize = batchSize;
    this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "warmstart-event-batcher");
      thread.setDaemon(true);
      return thread;
    });
    timer.scheduleWithFixedDelay(this::flushQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Where background send failures go (default: dropped silently; the events stay queued). */
  public EventBatcher onError(Consumer<RuntimeException> handler) {
    this.onError = handler;
    return this;
  }

  public void add(Event event) {
    boolean full;
    synchronized (pending) {
      pending.add(event.eventId() == null ? event.withId(UUID.randomUUID().toString()) : event);
      full = pending.size() >= batchSize;
    }
    if (full) {
      timer.execute(this::flushQuietly);
    }
  }

  /** Sends everything queued now; throws if the platform refuses (the events stay queued). */
  public synchronized BatchResult flush() {
    List<Event> batch;
    synchronized (pending) {
      batch = new ArrayList<>(pending);
    }
    if (batch.isEmpty()) {
      return Model.BatchResult.empty();
    }
    BatchResult result = client.sendEvents(batch);
    synchronized (pending) {
      pending.subList(0, batch.size()).clear();
    }
    written += result.written();
    return result;
  }

  /** Events stored by this batcher so far (retried duplicates not counted). */
  public synchronized long written() {
    return written;
  }

  public int queued() {
    synchronized (pending) {
      return pending.size();
    }
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      onError.accept(e);
    }
  }

  @Override
  public void close() {
    timer.shutdown();
    try {
      timer.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flush();
  }
}
