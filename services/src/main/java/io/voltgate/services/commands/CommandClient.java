package io.voltgate.services.commands;

import io.voltgate.store.commands.Command;
import io.voltgate.store.commands.CommandAddresses;
import io.voltgate.store.commands.CommandOutcome;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * Sends a command to a charger from any verticle of any role and completes with its outcome, never
 * with a failure: unreachable, slow or busy chargers are outcomes ({@code offline}, {@code timeout},
 * {@code busy}). Talks to this node's {@link CommandRouterVerticle} over the event bus.
 */
public final class CommandClient {

  private final Vertx vertx;

  public CommandClient(Vertx vertx) {
    this.vertx = Objects.requireNonNull(vertx);
  }

  public Future<CommandOutcome> send(Command command) {
    DeliveryOptions options = new DeliveryOptions().setLocalOnly(true)
        .setSendTimeout(command.timeoutMs() + CommandRouterVerticle.MARGIN_MS * 2);
    return vertx.eventBus().<JsonObject>request(CommandAddresses.SEND, command.toJson(), options)
        .map(reply -> CommandOutcome.fromJson(reply.body()))
        .otherwise(e -> e instanceof ReplyException re && re.failureType() == io.vertx.core.eventbus.ReplyFailure.NO_HANDLERS
            ? CommandOutcome.failure(CommandOutcome.Kind.OFFLINE, "No command router on this node")
            : CommandOutcome.failure(CommandOutcome.Kind.TIMEOUT, "No answer from the charger in time"));
  }
}
