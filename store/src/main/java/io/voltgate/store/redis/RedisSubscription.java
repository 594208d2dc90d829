package io.voltgate.store.redis;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Redis pub/sub subscription on a connection of its own that outlives that connection: when it
 * ends (Redis restarted, network), it subscribes again after a second until {@link #close()}. Each
 * (re)subscription is reported, since messages published in between are lost and the owner may
 * have to catch up; so is each loss, for owners that must not trust what they cached meanwhile. Use
 * from one verticle.
 */
public final class RedisSubscription {

  /** A message published on one of the channels. */
  public record Message(String channel, String payload) {
  }

  private static final Logger LOG = LoggerFactory.getLogger(RedisSubscription.class);
  private static final long RESUBSCRIBE_MS = 1_000;

  private final Vertx vertx;
  private final Redis client;
  private final List<String> channels;
  private final String what;
  private final Handler<Message> onMessage;
  private final Runnable onSubscribed;
  private final Runnable onLost;
  private RedisConnection connection;
  private boolean closed;

  private RedisSubscription(Vertx vertx, String redisUrl, List<String> channels, String what,
      Handler<Message> onMessage, Runnable onSubscribed, Runnable onLost) {
    this.vertx = Objects.requireNonNull(vertx);
    this.client = RedisClients.client(vertx, redisUrl, 1);
    this.channels = List.copyOf(channels);
    this.what = Objects.requireNonNull(what);
    this.onMessage = Objects.requireNonNull(onMessage);
    this.onSubscribed = Objects.requireNonNull(onSubscribed);
    this.onLost = Objects.requireNonNull(onLost);
  }

  /**
   * Subscribes; completes once the first subscription is in place, fails when Redis cannot be
   * reached then.
   *
   * @param what names the subscription in logs
   * @param onSubscribed runs after every (re)subscription
   */
  public static Future<RedisSubscription> open(Vertx vertx, String redisUrl, List<String> channels, String what,
      Handler<Message> onMessage, Runnable onSubscribed) {
    return open(vertx, redisUrl, channels, what, onMessage, onSubscribed, () -> { });
  }

  /**
   * As {@link #open(Vertx, String, List, String, Handler, Runnable)}, also told at once when the
   * subscription ends (before it is re-established).
   *
   * @param onLost runs whenever the subscribed connection ends while the subscription is open
   */
  public static Future<RedisSubscription> open(Vertx vertx, String redisUrl, List<String> channels, String what,
      Handler<Message> onMessage, Runnable onSubscribed, Runnable onLost) {
    RedisSubscription s = new RedisSubscription(vertx, redisUrl, channels, what, onMessage, onSubscribed, onLost);
    return s.subscribe().map(s);
  }

  private Future<Void> subscribe() {
    return client.connect().compose(conn -> {
      connection = conn;
      conn.handler(this::onPush);
      conn.exceptionHandler(e -> LOG.warn("{} subscription error: {}", what, e.getMessage()));
      conn.endHandler(v -> {
        if (!closed) {
          onLost.run();
          // Checked again after the delay: during shutdown the connection ends before close() runs.
          vertx.setTimer(RESUBSCRIBE_MS, id -> {
            if (!closed) {
              LOG.warn("{} subscription lost; resubscribing", what);
              subscribe().onFailure(e -> LOG.warn("{} resubscribe failed: {}", what, e.getMessage()));
            }
          });
        }
      });
      Request subscribe = Request.cmd(Command.SUBSCRIBE);
      channels.forEach(subscribe::arg);
      return conn.send(subscribe).<Void>mapEmpty();
    }).onSuccess(v -> onSubscribed.run());
  }

  private void onPush(Response push) {
    if (push.type() != ResponseType.PUSH && push.type() != ResponseType.MULTI || push.size() < 3
        || !"message".equals(push.get(0).toString())) {
      return;
    }
    onMessage.handle(new Message(push.get(1).toString(), push.get(2).toString()));
  }

  public Future<Void> close() {
    closed = true;
    Future<Void> c = connection == null ? Future.succeededFuture() : connection.close();
    return c.eventually(client::close);
  }
}
