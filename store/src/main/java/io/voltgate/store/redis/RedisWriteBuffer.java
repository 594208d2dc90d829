package io.voltgate.store.redis;

import io.vertx.core.Context;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Coalesces fire-and-forget Redis writes issued during one event-loop task into a single pipelined
 * batch, sent right after the task. Live state is rebuildable, so callers do not wait for it; a
 * failure is logged and counted. One buffer per verticle instance (event loop).
 */
public final class RedisWriteBuffer {

  private static final Logger LOG = LoggerFactory.getLogger(RedisWriteBuffer.class);
  private static final int MAX_BATCH = 512;

  private final Context context;
  private final Redis redis;
  private final LongAdder failures = new LongAdder();
  private List<Request> pending = new ArrayList<>();
  private boolean scheduled;

  public RedisWriteBuffer(Context context, Redis redis) {
    this.context = Objects.requireNonNull(context);
    this.redis = Objects.requireNonNull(redis);
  }

  /** Queues one command; must be called on this buffer's event loop. */
  public void add(Request request) {
    pending.add(request);
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
    if (pending.isEmpty()) {
      return;
    }
    List<Request> batch = pending;
    pending = new ArrayList<>();
    redis.batch(batch).onFailure(e -> {
      failures.increment();
      LOG.warn("Redis batch of {} writes failed: {}", batch.size(), e.getMessage());
    });
  }

  public long failures() {
    return failures.sum();
  }
}
