package io.voltgate.services.commands;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.voltgate.store.commands.Command;
import io.voltgate.store.commands.CommandOutcome;
import java.time.Duration;
import java.util.Objects;

/**
 * Sends a command to one charger and waits at most {@code timeout} for its answer. The control
 * endpoint groups of every API family need exactly this pair, so they receive it together instead
 * of the whole service set.
 *
 * @param client routes the command to the node holding the charger's connection
 * @param timeout how long an endpoint waits for the charger's answer
 */
public record ChargerCommands(CommandClient client, Duration timeout) {

  public ChargerCommands {
    Objects.requireNonNull(client);
    Objects.requireNonNull(timeout);
  }

  public Future<CommandOutcome> send(String chargePointId, Command.Op op, String action, JsonObject params) {
    return client.send(new Command(chargePointId, op, action, params, timeout.toMillis()));
  }
}
