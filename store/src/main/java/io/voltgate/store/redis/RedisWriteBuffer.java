package io.voltgate.store.redis;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Coalesces fire-and-forget Redis writes issued during one event-loop task into a single pipelined
 * batch, sent right after the task. Live state is rebuildable, so callers do not wait for it; a
 * failure is logged and counted. A caller that needs an answer ({@link #send}) gets it from the same
 * pipelined batch, without a round trip of its own. One buffer per verticle instance (event loop).
 */
public final class RedisWriteBuffer {

  private static final Logger LOG = LoggerFactory.getLogger(RedisWriteBuffer.class);
  private static final int MAX_BATCH = 512;
  private static final int MAX_WAITING = 200_000;

  private final Context context;
  private final Redis redis;
  private final LongAdder failures = new LongAdder();
  private List<Request> pending = new ArrayList<>();
  /** Parallel to {@code pending}: who waits for each answer (null for fire-and-forget writes). */
  private List<Promise<Response>> answers = new ArrayList<>();
  private boolean scheduled;
  private boolean inFlight;

  public RedisWriteBuffer(Context context, Redis redis) {
    this.context = Objects.requireNonNull(context);
    this.redis = Objects.requireNonNull(redis);
  }

  /** Queues one command; must be called on this buffer's event loop. */
  public void add(Request request) {
    enqueue(request, null);
  }

  /**
   * Queues one command whose answer the caller needs; must be called on this buffer's event loop.
   * Completes with Redis's answer (null for a nil reply), fails when the batch fails.
   */
  public Future<Response> send(Request request) {
    Promise<Response> answer = Promise.promise();
    enqueue(request, answer);
    return answer.future();
  }

  private void enqueue(Request request, Promise<Response> answer) {
    if (pending.size() >= MAX_WAITING) {
      failures.increment();
      if (answer != null) {
        answer.fail("Redis write buffer full");
      }
      return;
    }
    pending.add(request);
    answers.add(answer);
    if (pending.size() >= MAX_BATCH) {
      flush();
    } else if (!scheduled) {
      scheduled = true;
      context.runOnContext(v -> flush());
    }
  }

  public void addAll(List<Request> requests) {
    for (Request r : requests) {
      add(r);
    }
  }

  private void flush() {
    scheduled = false;
    if (pending.isEmpty() || inFlight) {
      return;
    }
    inFlight = true;
    List<Request> batch = pending;
    List<Promise<Response>> waiting = answers;
    pending = new ArrayList<>();
    answers = new ArrayList<>();
    redis.batch(batch).onComplete(ar -> {
      inFlight = false;
      if (ar.failed()) {
        failures.increment();
        LOG.warn("Redis batch of {} writes failed: {}", batch.size(), ar.cause().getMessage());
      }
      for (int i = 0; i < waiting.size(); i++) {
        Promise<Response> answer = waiting.get(i);
        if (answer == null) {
          continue;
        }
        if (ar.failed()) {
          answer.fail(ar.cause());
        } else {
          answer.complete(i < ar.result().size() ? ar.result().get(i) : null);
        }
      }
      flush();
    });
  }

  public long failures() {
    return failures.sum();
  }
}
