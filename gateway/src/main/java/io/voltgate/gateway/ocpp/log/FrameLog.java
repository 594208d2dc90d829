package io.voltgate.gateway.ocpp.log;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.voltgate.gateway.charger.ChargerConnection;
import io.voltgate.gateway.ocpp.rpc.FrameCodec;
import io.voltgate.store.model.ChargerRecord;
import io.voltgate.store.pg.OcppMessageWriter;
import io.voltgate.store.model.LoggedFrame;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Captures a gateway verticle's OCPP-J frames into the message log (docs/ocpp-log.md). Costs, per
 * frame, one {@link LoggedFrame} appended to the verticle's bounded {@link OcppMessageWriter} and a few
 * substring scans of the text for secrets: no JSON parsing on the frame path, since the callers pass
 * the fields they already parsed (message id, action) with the raw text. A frame that may carry a
 * secret is parsed again here and stored redacted. The frames of a socket whose id is not confirmed
 * yet (a newcomer's first BootNotification) are kept on the connection (a few at most) and logged once
 * it is; those of a socket that never becomes a known charger are not logged: no API could show them.
 * Confined to the verticle's event loop.
 */
public final class FrameLog {

  /** Captures nothing (the log is switched off). */
  public static final FrameLog OFF = new FrameLog();

  /** Direction of a frame. */
  public enum Direction {
    IN("in"), OUT("out");

    private final String wire;

    Direction(String wire) {
      this.wire = wire;
    }
  }

  /** Kind of a logged frame. */
  public enum Type {
    CALL, CALLRESULT, CALLERROR,
    /** Not readable as an RPC frame, or an answer to nothing we sent. */
    REFUSED
  }

  private final OcppMessageWriter writer;
  private final String node;
  private final int maxChars;
  private final Clock clock;
  private final Consumer<LoggedFrame> tail;

  private FrameLog() {
    this.writer = null;
    this.node = null;
    this.maxChars = 0;
    this.clock = null;
    this.tail = null;
  }

  /**
   * @param tail receives the entries of a charger someone tails ({@link ChargerConnection#tailed})
   */
  public FrameLog(OcppMessageWriter writer, String node, int maxChars, Clock clock, Consumer<LoggedFrame> tail) {
    this.writer = Objects.requireNonNull(writer);
    this.node = Objects.requireNonNull(node);
    this.maxChars = maxChars;
    this.clock = Objects.requireNonNull(clock);
    this.tail = Objects.requireNonNull(tail);
  }

  public boolean enabled() {
    return writer != null;
  }

  /**
   * Logs one frame.
   *
   * @param messageId the frame's message id, null when none could be read
   * @param action the CALL's action (on an answer: the action of the CALL it answers), or null
   * @param errorCode a CALLERROR's code, or null
   * @param refusal why a frame was refused ({@code not_json}, {@code unmatched_response} ...), or null
   * @param latencyNanos on an answer, the time since its CALL; negative when not applicable
   */
  public void record(ChargerConnection conn, Direction direction, Type type, String messageId, String action,
      String errorCode, String refusal, String text, long latencyNanos) {
    if (writer != null) {
      record(conn, direction, type, messageId, action, errorCode, refusal, text, latencyNanos, clock.instant());
    }
  }

  private void record(ChargerConnection conn, Direction direction, Type type, String messageId, String action,
      String errorCode, String refusal, String text, long latencyNanos, Instant at) {
    if (!conn.settled()) {
      // Kept until the id is confirmed (a newcomer's first BootNotification), then logged as of now.
      conn.deferLog(() -> record(conn, direction, type, messageId, action, errorCode, refusal, text, latencyNanos, at));
      return;
    }
    ChargerRecord charger = conn.charger();
    if (charger == null) {
      return;
    }
    conn.runDeferredLog();
    String stored = text;
    boolean redacted = false;
    if (Redactor.suspect(text)) {
      stored = redacted(text, type);
      redacted = true;
    }
    boolean truncated = false;
    if (stored != null && stored.length() > maxChars) {
      stored = stored.substring(0, maxChars);
      truncated = true;
    }
    LoggedFrame entry = new LoggedFrame(at, charger.networkId(), charger.id(), conn.chargePointId(), node,
        conn.connectionId(), conn.version().label(), direction.wire, type.name(), messageId, action, errorCode,
        refusal, utf8Length(text), stored, truncated, redacted, latencyNanos < 0 ? null : latencyNanos / 1000);
    writer.append(entry);
    if (conn.tailed(entry.loggedAt().toEpochMilli())) {
      tail.accept(entry);
    }
  }

  /**
   * The frame with its secrets masked; null for a refused frame (it could not be read, so its secrets
   * cannot be found: it is not stored at all).
   */
  private static String redacted(String text, Type type) {
    if (type == Type.REFUSED) {
      return null;
    }
    try {
      JsonNode root = FrameCodec.MAPPER.readTree(text);
      if (!(root instanceof ArrayNode array)) {
        return null;
      }
      Redactor.redact(array);
      return FrameCodec.MAPPER.writeValueAsString(array);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static int utf8Length(String text) {
    int n = text.length();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        n += c < 0x800 ? 1 : Character.isSurrogate(c) ? 1 : 2;
      }
    }
    return n;
  }
}
