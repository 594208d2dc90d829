package io.voltgate.gateway.ocpp;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.voltgate.gateway.charger.ChargerConnection;
import io.voltgate.gateway.metrics.GatewayMetrics;
import io.voltgate.gateway.metrics.GatewayMetrics.Direction;
import io.voltgate.gateway.charger.OutboundCalls;
import io.voltgate.gateway.ocpp.log.FrameLog;
import io.voltgate.gateway.ocpp.log.FrameLog.Type;
import io.voltgate.gateway.ocpp.rpc.Frame;
import io.voltgate.gateway.ocpp.rpc.FrameCodec;
import io.voltgate.gateway.ocpp.rpc.OcppException;
import io.voltgate.gateway.ocpp.rpc.RpcErrorCode;
import io.voltgate.gateway.ocpp.rpc.SchemaErrors;
import io.voltgate.schemas.CompiledSchema;
import io.voltgate.schemas.MessageKind;
import io.voltgate.schemas.OcppVersion;
import io.voltgate.schemas.SchemaRegistry;
import io.voltgate.schemas.Violation;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one inbound text frame into at most one outbound frame: parse → envelope check → schema
 * validation → handler → response validation → send. Broken frames never close the socket: they get
 * a CALLERROR when a message id can be recovered and are counted either way. Replies to
 * charger-initiated CALLs are remembered briefly so a repeated message id gets the original answer.
 */
public final class Dispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
  private static final String BOOT = "BootNotification";

  private final Routes routes;
  private final SchemaRegistry schemas;
  private final GatewayMetrics metrics;
  private final Clock clock;
  private final int maxFrameBytes;
  private final Consumer<ResponseFrame> responseSink;
  private final FrameLog log;

  /** A CALLRESULT or CALLERROR from a charger, for the outbound-call tracker. */
  public record ResponseFrame(ChargerConnection connection, Frame frame) {
  }

  public Dispatcher(Routes routes, SchemaRegistry schemas, GatewayMetrics metrics, Clock clock,
      int maxFrameBytes, Consumer<ResponseFrame> responseSink) {
    this(routes, schemas, metrics, clock, maxFrameBytes, responseSink, FrameLog.OFF);
  }

  /** @param log the OCPP message log of this verticle ({@link FrameLog#OFF} when switched off) */
  public Dispatcher(Routes routes, SchemaRegistry schemas, GatewayMetrics metrics, Clock clock,
      int maxFrameBytes, Consumer<ResponseFrame> responseSink, FrameLog log) {
    this.log = Objects.requireNonNull(log);
    this.routes = Objects.requireNonNull(routes);
    this.schemas = Objects.requireNonNull(schemas);
    this.metrics = Objects.requireNonNull(metrics);
    this.clock = Objects.requireNonNull(clock);
    this.maxFrameBytes = maxFrameBytes;
    this.responseSink = Objects.requireNonNull(responseSink);
  }

  /** Handles one text frame from a charger. */
  public void onText(ChargerConnection conn, String text) {
    OcppVersion version = conn.version();
    Frame frame = FrameCodec.parse(text, version, maxFrameBytes);
    if (frame instanceof Frame.Call call) {
      if (log.enabled()) {
        log.record(conn, FrameLog.Direction.IN, Type.CALL, call.messageId(), call.action(), null, null, text, -1);
      }
      onCall(conn, call);
    } else if (frame instanceof Frame.Malformed bad) {
      metrics.malformed(version.label(), bad.reason());
      if (log.enabled()) {
        log.record(conn, FrameLog.Direction.IN, Type.REFUSED, bad.messageId(), null, null, bad.reason(), text, -1);
      }
      if (bad.messageId() != null) {
        String error = FrameCodec.error(bad.messageId(), bad.code(), bad.description(), null);
        conn.send(error);
        if (log.enabled()) {
          log.record(conn, FrameLog.Direction.OUT, Type.CALLERROR, bad.messageId(), null, bad.code().wire(), null, error, -1);
        }
      }
      LOG.debug("malformed frame from {}: {}", conn.chargePointId(), bad.description());
    } else {
      if (log.enabled()) {
        logAnswer(conn, frame, text);
      }
      responseSink.accept(new ResponseFrame(conn, frame));
    }
  }

  /** A charger's CALLRESULT/CALLERROR, paired with the CALL of ours it answers (else refused as unmatched). */
  private void logAnswer(ChargerConnection conn, Frame frame, String text) {
    String id = frame.messageId();
    String action = conn.outbound() == null ? null : conn.outbound().pendingAction(id);
    long elapsed = action == null ? -1 : conn.outbound().pendingElapsedNanos(id);
    Type type = frame instanceof Frame.CallError ? Type.CALLERROR : Type.CALLRESULT;
    String code = frame instanceof Frame.CallError err ? err.code() : null;
    log.record(conn, FrameLog.Direction.IN, action == null ? Type.REFUSED : type, id, action, code,
        action == null ? "unmatched_response" : null, text, elapsed);
  }

  /** What the verticle's outbound calls tell the message log, or null when the log is off. */
  public OutboundCalls.SentListener sentCalls(ChargerConnection conn) {
    return log.enabled() ? (id, action, text) -> log.record(conn, FrameLog.Direction.OUT, Type.CALL, id, action, null, null, text, -1)
        : null;
  }

  /** A binary frame (OCPP-J is text only): refused, logged without content. */
  public void refusedBinary(ChargerConnection conn, int bytes) {
    if (log.enabled()) {
      log.record(conn, FrameLog.Direction.IN, Type.REFUSED, null, null, null, "binary_frame", "<" + bytes + " bytes of binary>", -1);
    }
  }

  /** Sends our answer to a charger's CALL and logs it with the time we took. */
  private void answer(ChargerConnection conn, Frame.Call call, String frame, long started) {
    conn.send(frame);
    if (log.enabled()) {
      boolean error = frame.startsWith("[4");
      String code = null;
      if (error && FrameCodec.parse(frame, conn.version(), Integer.MAX_VALUE) instanceof Frame.CallError err) {
        code = err.code();
      }
      log.record(conn, FrameLog.Direction.OUT, error ? Type.CALLERROR : Type.CALLRESULT, call.messageId(), call.action(), code,
          null, frame, System.nanoTime() - started);
    }
  }

  private void onCall(ChargerConnection conn, Frame.Call call) {
    long started = System.nanoTime();
    OcppVersion version = conn.version();
    Future<String> earlier = conn.earlierReply(call.messageId());
    if (earlier != null) {
      // Same message id again (a retry after a lost reply): answer exactly as before.
      earlier.onSuccess(frame -> answer(conn, call, frame, started));
      metrics.message(version.label(), actionLabel(version, call.action()), Direction.INBOUND, "repeat");
      return;
    }
    Promise<String> reply = conn.registerReply(call.messageId());
    conn.callStarted();
    reply.future().onComplete(ar -> {
      conn.callAnswered();
      if (ar.succeeded()) {
        answer(conn, call, ar.result(), started);
      }
    });
    String action = call.action();
    Optional<CompiledSchema> requestSchema = schemas.find(version, action, MessageKind.REQUEST);
    Optional<ActionHandler> handler = routes.find(version, action);
    if (requestSchema.isEmpty() || handler.isEmpty()) {
      RpcErrorCode code = requestSchema.isEmpty() ? RpcErrorCode.NOT_IMPLEMENTED : RpcErrorCode.NOT_SUPPORTED;
      metrics.message(version.label(), actionLabel(version, action), Direction.INBOUND, code.wire());
      reply.complete(FrameCodec.error(call.messageId(), code,
          code == RpcErrorCode.NOT_IMPLEMENTED ? "Unknown action " + truncate(action)
              : action + " is not supported from a charger", null));
      return;
    }
    List<Violation> violations = requestSchema.get().validate(call.payload());
    if (!violations.isEmpty()) {
      metrics.validationFailure(version.label(), action, conn.lenient() ? "tolerated" : "request");
      if (!conn.lenient()) {
        RpcErrorCode code = SchemaErrors.codeFor(violations, version);
        metrics.message(version.label(), action, Direction.INBOUND, code.wire());
        reply.complete(FrameCodec.error(call.messageId(), code, SchemaErrors.describe(violations),
            SchemaErrors.details(violations)));
        return;
      }
      LOG.info("tolerated schema violation from {} in {}: {}", conn.chargePointId(), action,
          SchemaErrors.describe(violations));
    }
    if (!BOOT.equals(action) && (conn.charger() == null || !conn.charger().accepted())) {
      metrics.message(version.label(), action, Direction.INBOUND, "not_accepted");
      reply.complete(FrameCodec.error(call.messageId(), RpcErrorCode.SECURITY_ERROR,
          "Charge point is not accepted by the CSMS; send BootNotification first", null));
      return;
    }
    CallContext ctx = new CallContext(conn, call.messageId(), action, clock.instant());
    Future<ObjectNode> result;
    try {
      result = handler.get().handle(ctx, call.payload());
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(ar -> {
      String frame;
      if (ar.succeeded()) {
        frame = resultFrame(conn, call, ar.result());
      } else if (ar.cause() instanceof OcppException oe) {
        metrics.message(version.label(), action, Direction.INBOUND, oe.code().wire());
        frame = FrameCodec.error(call.messageId(), oe.code(), oe.getMessage(), null);
      } else {
        LOG.error("handler {} failed for {}", action, conn.chargePointId(), ar.cause());
        metrics.message(version.label(), action, Direction.INBOUND, "internal_error");
        frame = FrameCodec.error(call.messageId(), RpcErrorCode.INTERNAL_ERROR,
            "Internal error while handling " + action, null);
      }
      reply.complete(frame);
      metrics.handlerLatency(version.label(), action, System.nanoTime() - started);
    });
  }

  private String resultFrame(ChargerConnection conn, Frame.Call call, ObjectNode payload) {
    OcppVersion version = conn.version();
    CompiledSchema responseSchema = schemas.find(version, call.action(), MessageKind.RESPONSE).orElseThrow();
    List<Violation> violations = responseSchema.validate(payload);
    if (!violations.isEmpty()) {
      // Our bug: never put an invalid frame on the wire; tell the charger we failed instead.
      LOG.error("outbound {} response for {} violates the schema: {}", call.action(),
          conn.chargePointId(), violations);
      metrics.validationFailure(version.label(), call.action(), "outbound");
      metrics.message(version.label(), call.action(), Direction.INBOUND, "internal_error");
      return FrameCodec.error(call.messageId(), RpcErrorCode.INTERNAL_ERROR,
          "Internal error while answering " + call.action(), null);
    }
    metrics.message(version.label(), call.action(), Direction.INBOUND, "ok");
    return FrameCodec.result(call.messageId(), payload);
  }

  /** Unknown action names are reported as "unknown" so a charger cannot blow up label cardinality. */
  private String actionLabel(OcppVersion version, String action) {
    return schemas.find(version, action, MessageKind.REQUEST).isPresent() ? action : "unknown";
  }

  private static String truncate(String s) {
    return s.length() > 64 ? s.substring(0, 64) + "..." : s;
  }

  /** An empty JSON object, for handlers whose response has no required fields. */
  public static ObjectNode emptyObject() {
    return JsonNodeFactory.instance.objectNode();
  }
}
