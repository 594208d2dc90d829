package io.voltgate.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A migrated embedded Postgres and one event-loop context for a test class of the batched writers
 * ({@code @RegisterExtension static final EmbeddedPgLoop db = new EmbeddedPgLoop();}): as in the
 * gateway, every call of a writer runs on that one context. Started before the class's tests, stopped
 * and deleted after them.
 */
public final class EmbeddedPgLoop implements BeforeAllCallback, AfterAllCallback {

  private static final long WAIT_S = 20;

  private Path dataDir;
  private Backends backends;
  private Vertx vertx;
  private Pool pg;
  private Context loop;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    dataDir = Files.createTempDirectory("voltgate-pg-loop");
    backends = Backends.start(new BackendOptions(Optional.empty(), Optional.empty(), dataDir, 0, 0, 8, 4, 100_000));
    vertx = Vertx.vertx();
    pg = backends.pgPool(vertx);
    loop = vertx.getOrCreateContext();
  }

  public Vertx vertx() {
    return vertx;
  }

  public Pool pg() {
    return pg;
  }

  /** For a pool of a test's own (a closed one, to make Postgres refuse). */
  public String pgUrl() {
    return backends.pgUrl();
  }

  /** Runs {@code action} on the loop and waits for the future it returns. */
  public <T> T onLoop(Supplier<Future<T>> action) throws Exception {
    return await(onLoopValue(action));
  }

  /** Runs {@code action} on the loop and returns what it returned. */
  public <T> T onLoopValue(Supplier<T> action) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    loop.runOnContext(v -> {
      try {
        result.complete(action.get());
      } catch (Throwable t) {
        result.completeExceptionally(t);
      }
    });
    return result.get(WAIT_S, TimeUnit.SECONDS);
  }

  /** Waits (bounded) for a future from any thread. */
  public static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(WAIT_S, TimeUnit.SECONDS);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    try {
      if (vertx != null) {
        await(pg.close());
        await(vertx.close());
      }
    } finally {
      if (backends != null) {
        backends.close();
      }
      try (Stream<Path> files = Files.walk(dataDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }
}
