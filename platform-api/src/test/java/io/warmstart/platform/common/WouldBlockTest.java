package io.warmstart.platform.common;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WouldBlockTest {

  @Test
  void codeThatMayWaitGivesUpOnAnEventLoopAndGoesOnElsewhere() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      CompletableFuture<Throwable> onEventLoop = new CompletableFuture<>();
      vertx.runOnContext(ignored -> onEventLoop.complete(attempt()));
      assertInstanceOf(WouldBlock.class, onEventLoop.get(10, TimeUnit.SECONDS));

      CompletableFuture<Throwable> onWorker = new CompletableFuture<>();
      vertx.executeBlocking(() -> attempt()).onComplete(done -> onWorker.complete(done.result()));
      assertNull(onWorker.get(10, TimeUnit.SECONDS));
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    assertDoesNotThrow(WouldBlock::unlessOnWorker);
  }

  private static Throwable attempt() {
    try {
      WouldBlock.unlessOnWorker();
      return null;
    } catch (WouldBlock signal) {
      return signal;
    }
  }
}
