package io.warmstart.platform.common;

import io.vertx.core.Context;

/**
 * Thrown where a request would wait (a query, a model load, a long computation) while it runs on an
 * I/O thread, which must never wait: the endpoint catches it and answers the same request again on
 * a worker thread. Requests whose answer is in memory, the common case, so skip the hand-over to a
 * worker and back. Code that may wait calls {@link #unlessOnWorker()} before it does.
 */
public final class WouldBlock extends RuntimeException {

  private static final WouldBlock INSTANCE = new WouldBlock();

  private WouldBlock() {
    // A signal, not an error: no message, no stack trace, one shared instance.
    super("this request must be answered on a worker thread", null, false, false);
  }

  /** Throws when the calling thread is an I/O (event-loop) thread; returns on any other thread. */
  public static void unlessOnWorker() {
    if (Context.isOnEventLoopThread()) {
      throw INSTANCE;
    }
  }
}
