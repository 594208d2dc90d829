package io.voltgate.gateway.commands;

import io.voltgate.gateway.ocpp.command.CommandTranslator;
import io.voltgate.gateway.ocpp.command.OcppCall;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.voltgate.gateway.charger.ChargerConnection;
import io.voltgate.gateway.charger.OutboundCalls;
import io.voltgate.gateway.metrics.GatewayMetrics;
import io.voltgate.gateway.ocpp.Payloads;
import io.voltgate.gateway.ocpp.rpc.Frame;
import io.voltgate.gateway.ocpp.rpc.SchemaErrors;
import io.voltgate.gateway.ocpp.v16.Commands16;
import io.voltgate.gateway.ocpp.v201.Commands201;
import io.voltgate.schemas.MessageKind;
import io.voltgate.schemas.OcppVersion;
import io.voltgate.schemas.SchemaRegistry;
import io.voltgate.schemas.Violation;
import io.voltgate.store.commands.Command;
import io.voltgate.store.commands.CommandOutcome;
import io.voltgate.store.commands.CommandOutcome.Kind;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a command on a connection this node holds: translate for the charger's version, validate the
 * CALL against its schema (an invalid outbound frame is never sent), queue it behind any outstanding
 * call, validate and interpret the answer, apply its side effects. Completes with an outcome, never
 * fails.
 */
public final class CommandExecutor {

  private static final Logger LOG = LoggerFactory.getLogger(CommandExecutor.class);

  private final SchemaRegistry schemas;
  private final GatewayMetrics metrics;
  private final CommandEffects effects;
  private final CommandTranslator v16 = new Commands16();
  private final CommandTranslator v201 = new Commands201();

  public CommandExecutor(SchemaRegistry schemas, GatewayMetrics metrics, CommandEffects effects) {
    this.schemas = Objects.requireNonNull(schemas);
    this.metrics = Objects.requireNonNull(metrics);
    this.effects = Objects.requireNonNull(effects);
  }

  public Future<CommandOutcome> execute(ChargerConnection conn, Command command) {
    long started = System.nanoTime();
    OcppVersion version = conn.version();
    CommandTranslator translator = version == OcppVersion.V16 ? v16 : v201;
    OcppCall call;
    try {
      call = translator.translate(command);
    } catch (CommandTranslator.InvalidCommandException e) {
      return Future.succeededFuture(invalid(command, version, e.getMessage()));
    }
    var requestSchema = schemas.find(version, call.action(), MessageKind.REQUEST);
    if (requestSchema.isEmpty()) {
      return Future.succeededFuture(invalid(command, version, call.action() + " does not exist in OCPP " + version.label()));
    }
    List<Violation> violations = requestSchema.get().validate(call.payload());
    if (!violations.isEmpty()) {
      metrics.validationFailure(version.label(), call.action(), "outbound");
      return Future.succeededFuture(invalid(command, version,
          "Parameters do not form a valid " + call.action() + ": " + SchemaErrors.describe(violations)));
    }
    OcppCall sent = call;
    return conn.outbound().call(call.action(), call.payload(), command.timeoutMs())
        .map(frame -> answer(conn, command, sent, translator, frame))
        .compose(outcome -> outcome.kind() == Kind.ACCEPTED || outcome.kind() == Kind.REJECTED
            ? applyEffects(conn, command, sent, outcome) : Future.succeededFuture(outcome))
        .otherwise(e -> failure(e, sent, version))
        .onSuccess(outcome -> metrics.command(version.label(), sent.action(), outcome.kind().wire(),
            System.nanoTime() - started));
  }

  /** Side effects never change the outcome the charger gave: failures are logged. */
  private Future<CommandOutcome> applyEffects(ChargerConnection conn, Command command, OcppCall call, CommandOutcome outcome) {
    Future<Void> stored;
    try {
      stored = effects.apply(conn, command, call, outcome);
    } catch (RuntimeException e) {
      stored = Future.failedFuture(e);
    }
    return stored.map(outcome).otherwise(e -> {
      LOG.warn("side effect of {} on {} not stored: {}", call.action(), conn.chargePointId(), e.toString());
      return outcome;
    });
  }

  private CommandOutcome answer(ChargerConnection conn, Command command, OcppCall call,
      CommandTranslator translator, Frame frame) {
    OcppVersion version = conn.version();
    if (frame instanceof Frame.CallError err) {
      return new CommandOutcome(Kind.CALL_ERROR, null, err.description(), null, err.code(), call.action(), version.label());
    }
    ObjectNode payload = ((Frame.CallResult) frame).payload();
    List<Violation> violations = schemas.find(version, call.action(), MessageKind.RESPONSE).orElseThrow().validate(payload);
    if (!violations.isEmpty() && !conn.lenient()) {
      metrics.validationFailure(version.label(), call.action(), "response");
      return new CommandOutcome(Kind.CALL_ERROR, null, "Charger's answer violates the schema: "
          + SchemaErrors.describe(violations), Payloads.toVertx(payload),
          SchemaErrors.codeFor(violations, version).wire(), call.action(), version.label());
    }
    return translator.interpret(command, call, payload);
  }

  private static CommandOutcome failure(Throwable e, OcppCall call, OcppVersion version) {
    Kind kind = e instanceof OutboundCalls.BusyException ? Kind.BUSY
        : e instanceof OutboundCalls.TimeoutException ? Kind.TIMEOUT
        : Kind.OFFLINE;
    return new CommandOutcome(kind, null, e.getMessage(), null, null, call.action(), version.label());
  }

  private CommandOutcome invalid(Command command, OcppVersion version, String reason) {
    metrics.command(version.label(), command.op().name(), "invalid", 0);
    return new CommandOutcome(Kind.INVALID, null, reason, null, null, command.action(), version.label());
  }
}
