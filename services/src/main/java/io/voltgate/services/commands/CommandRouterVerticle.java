package io.voltgate.services.commands;

import io.voltgate.store.commands.CommandAddresses;
import io.voltgate.store.commands.CommandOutcome;
import io.voltgate.store.commands.LocalConnections;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.voltgate.store.commands.CommandOutcome.Kind;
import io.voltgate.store.redis.RedisClients;
import io.voltgate.store.redis.RedisKeys;
import io.voltgate.store.redis.RedisSubscription;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes commands to whichever node holds the charger's socket (one instance per process).
 *
 * <p>Caller side: the Redis connection registry names the owning node; this node's own chargers are
 * reached over the local event bus (short-circuit), others by publishing on the owner's Redis
 * channel; the outcome comes back on this node's reply channel. No registry entry, or a PUBLISH that
 * no node receives (the owner is gone), answers {@code offline} at once.
 *
 * <p>Owner side: commands arriving on this node's channel go to the connection's event-bus address;
 * the outcome is published back to the caller. A {@code kick} message on the same channel (a charger
 * reconnected to another node) closes this node's stale connection.
 */
public final class CommandRouterVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(CommandRouterVerticle.class);
  /** Extra time allowed for the hops around the charger's own answer time. */
  static final long MARGIN_MS = 2_000;

  private final String nodeId;
  private final String redisUrl;
  private Redis redis;
  private RedisSubscription subscription;
  private final Map<String, Pending> pending = new HashMap<>();
  private final BiConsumer<String, Kind> outcomes;
  private LocalConnections local;

  private record Pending(Message<JsonObject> caller, long timer) {
  }

  public CommandRouterVerticle(String nodeId, String redisUrl) {
    this(nodeId, redisUrl, (op, kind) -> { });
  }

  /** @param outcomes told the op and outcome of every command sent from this node (for metrics) */
  public CommandRouterVerticle(String nodeId, String redisUrl, BiConsumer<String, Kind> outcomes) {
    this.nodeId = Objects.requireNonNull(nodeId);
    this.redisUrl = Objects.requireNonNull(redisUrl);
    this.outcomes = Objects.requireNonNull(outcomes);
  }

  @Override
  public Future<?> start() {
    local = LocalConnections.of(vertx);
    redis = RedisClients.client(vertx, redisUrl, 4);
    vertx.eventBus().<JsonObject>localConsumer(CommandAddresses.SEND, this::route);
    return subscribe();
  }

  private Future<Void> subscribe() {
    return RedisSubscription.open(vertx, redisUrl,
            List.of(CommandAddresses.commandChannel(nodeId), CommandAddresses.replyChannel(nodeId)),
            "command", this::onMessage, () -> { })
        .onSuccess(s -> subscription = s)
        .mapEmpty();
  }

  private void route(Message<JsonObject> msg) {
    io.voltgate.store.commands.Command command = io.voltgate.store.commands.Command.fromJson(msg.body());
    redis.send(Request.cmd(Command.HGET).arg(RedisKeys.connection(command.chargePointId())).arg("node"))
        .onFailure(e -> reply(msg, CommandOutcome.failure(Kind.OFFLINE, "Connection registry unavailable: " + e.getMessage())))
        .onSuccess(owner -> {
          if (owner == null) {
            reply(msg, CommandOutcome.failure(Kind.OFFLINE, "Charger is not connected (no node holds its connection)"));
          } else if (nodeId.equals(owner.toString())) {
            deliverLocally(msg.body(), command).onSuccess(outcome -> reply(msg, outcome));
          } else {
            forward(msg, command, owner.toString());
          }
        });
  }

  private void forward(Message<JsonObject> msg, io.voltgate.store.commands.Command command, String owner) {
    String corr = UUID.randomUUID().toString();
    JsonObject envelope = new JsonObject().put("corr", corr).put("replyTo", nodeId).put("command", msg.body());
    long timer = vertx.setTimer(command.timeoutMs() + MARGIN_MS, id -> {
      Pending p = pending.remove(corr);
      if (p != null) {
        reply(p.caller(), CommandOutcome.failure(Kind.TIMEOUT, "No answer from node " + owner + " in time"));
      }
    });
    pending.put(corr, new Pending(msg, timer));
    redis.send(Request.cmd(Command.PUBLISH).arg(CommandAddresses.commandChannel(owner)).arg(envelope.encode()))
        .onComplete(ar -> {
          if (ar.failed() || ar.result() == null || ar.result().toLong() == 0L) {
            Pending p = pending.remove(corr);
            if (p != null) {
              vertx.cancelTimer(p.timer());
              reply(msg, CommandOutcome.failure(Kind.OFFLINE, "The node holding the charger is not reachable"));
            }
          }
        });
  }

  /** Hands a command to the local connection; completes with an outcome, never fails. */
  private Future<CommandOutcome> deliverLocally(JsonObject body, io.voltgate.store.commands.Command command) {
    LocalConnections.Holder holder = local.find(command.chargePointId());
    if (holder == null) {
      return Future.succeededFuture(CommandOutcome.failure(Kind.OFFLINE, "Charger is not connected to this node"));
    }
    DeliveryOptions options = new DeliveryOptions().setLocalOnly(true).setSendTimeout(command.timeoutMs() + MARGIN_MS);
    return vertx.eventBus().<JsonObject>request(holder.address(), body, options)
        .map(reply -> CommandOutcome.fromJson(reply.body()))
        .otherwise(e -> e instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS
            ? CommandOutcome.failure(Kind.OFFLINE, "Charger is not connected (its connection just closed)")
            : CommandOutcome.failure(Kind.TIMEOUT, "No answer from the charger in time"));
  }

  private void onMessage(RedisSubscription.Message message) {
    String channel = message.channel();
    JsonObject body = new JsonObject(message.payload());
    if (channel.equals(CommandAddresses.commandChannel(nodeId)) && body.containsKey("kick")) {
      // The charger reconnected to another node: close the connection we still hold.
      JsonObject kick = body.getJsonObject("kick");
      LocalConnections.Holder holder = local.find(kick.getString("cp"));
      if (holder != null && !holder.connectionId().equals(kick.getString("connId"))) {
        vertx.eventBus().send(holder.address(), CommandAddresses.kick(kick.getString("cp"), kick.getString("connId")));
      }
    } else if (channel.equals(CommandAddresses.commandChannel(nodeId))) {
      JsonObject commandJson = body.getJsonObject("command");
      deliverLocally(commandJson, io.voltgate.store.commands.Command.fromJson(commandJson)).onSuccess(outcome ->
          redis.send(Request.cmd(Command.PUBLISH).arg(CommandAddresses.replyChannel(body.getString("replyTo")))
              .arg(new JsonObject().put("corr", body.getString("corr")).put("outcome", outcome.toJson()).encode())));
    } else if (channel.equals(CommandAddresses.replyChannel(nodeId))) {
      Pending p = pending.remove(body.getString("corr"));
      if (p != null) {
        vertx.cancelTimer(p.timer());
        reply(p.caller(), CommandOutcome.fromJson(body.getJsonObject("outcome")));
      }
    }
  }

  private void reply(Message<JsonObject> msg, CommandOutcome outcome) {
    outcomes.accept(msg.body().getString("op"), outcome.kind());
    msg.reply(outcome.toJson());
  }

  @Override
  public Future<?> stop() {
    pending.values().forEach(p -> reply(p.caller(), CommandOutcome.failure(Kind.OFFLINE, "Node shutting down")));
    pending.clear();
    Promise<Void> done = Promise.promise();
    Future<Void> closeSub = subscription == null ? Future.succeededFuture() : subscription.close();
    closeSub.eventually(() -> redis.close()).onComplete(ar -> done.complete());
    return done.future();
  }
}
