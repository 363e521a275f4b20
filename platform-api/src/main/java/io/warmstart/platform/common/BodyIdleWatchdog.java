package io.warmstart.platform.common;

import io.warmstart.platform.problem.HttpLimitsConfig;
import io.warmstart.platform.problem.ProblemException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Times out request bodies that stop arriving. Every endpoint reads its body (streamed, or
 * deserialised) on a worker thread, which blocks while the client sends nothing; without a limit
 * a client could hold threads (and, before uploads were spooled, database connections) as long as
 * it liked. A read that waits longer than {@code warmstart.http.body-idle-timeout} for its next
 * byte is interrupted and the request is answered with 408. The REST layer's own read timeout
 * ({@code quarkus.http.read-timeout}, longer) would drop the connection without an answer.
 */
@ApplicationScoped
public class BodyIdleWatchdog {

  private final Set<Guarded> reading = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "body-idle-watchdog");
    thread.setDaemon(true);
    return thread;
  });
  private final long timeoutNanos;

  @Inject
  BodyIdleWatchdog(HttpLimitsConfig limits) {
    this.timeoutNanos = limits.bodyIdleTimeout().toNanos();
    long tickMillis = Math.max(50, Math.min(1000, limits.bodyIdleTimeout().toMillis() / 10));
    clock.scheduleWithFixedDelay(this::interruptIdleReads, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stop() {
    clock.shutdownNow();
  }

  /** Every endpoint's body, streamed or deserialised, is read through a guard that times each read. */
  @ServerRequestFilter
  void guardBody(ContainerRequestContext request) {
    if (request.hasEntity()) {
      request.setEntityStream(new Guarded(request.getEntityStream()));
    }
  }

  private String timeoutDetail() {
    return "The request body stopped arriving: nothing was received for " + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos)
        + " s. Nothing was stored; send the request again";
  }

  private void interruptIdleReads() {
    long now = System.nanoTime();
    for (Guarded stream : reading) {
      stream.interruptIfIdleSince(now - timeoutNanos);
    }
  }

  private interface Read {
    int run() throws IOException;
  }

  private final class Guarded extends FilterInputStream {

    private Thread reader;
    private long readSince;
    private boolean timedOut;

    Guarded(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      return timed(super::read);
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      return timed(() -> super.read(buffer, offset, length));
    }

    /** After a timeout the rest of the body never comes: closing would wait to drain it, as the REST layer's stream does. */
    @Override
    public void close() throws IOException {
      boolean abandoned;
      synchronized (this) {
        abandoned = timedOut;
      }
      if (!abandoned) {
        super.close();
      }
    }

    private int timed(Read read) throws IOException {
      begin();
      int result;
      try {
        result = read.run();
      } catch (InterruptedIOException e) {
        if (end()) {
          throw timeout();
        }
        throw e;
      } catch (IOException | RuntimeException e) {
        end();
        throw e;
      }
      if (end()) {
        throw timeout();
      }
      return result;
    }

    private synchronized void begin() {
      if (timedOut) {
        throw timeout();
      }
      reader = Thread.currentThread();
      readSince = System.nanoTime();
      reading.add(this);
    }

    /** Ends a read; true when the watchdog interrupted it (the interrupt is consumed here). */
    private synchronized boolean end() {
      reading.remove(this);
      reader = null;
      if (timedOut) {
        Thread.interrupted();
      }
      return timedOut;
    }

    synchronized void interruptIfIdleSince(long deadline) {
      if (reader != null && !timedOut && readSince - deadline < 0) {
        timedOut = true;
        reader.interrupt();
      }
    }

    private ProblemException timeout() {
      return ProblemException.requestTimeout(timeoutDetail());
    }
  }
}
