package io.voltgate.gateway.charger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.voltgate.gateway.ocpp.rpc.Frame;
import io.voltgate.gateway.ocpp.rpc.FrameCodec;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Server-initiated CALLs to one charger. OCPP-J allows one outstanding CALL per direction: the next
 * CALL is sent only when the previous one was answered or timed out; further calls wait in a
 * bounded queue. Confined to the connection's event loop.
 */
public final class OutboundCalls {

  /** The queue is full. */
  public static final class BusyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BusyException() {
      super("Too many commands waiting for this charger", null, false, false);
    }
  }

  /** The connection closed before the charger answered. */
  public static final class ClosedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ClosedException() {
      super("Connection closed before the charger answered", null, false, false);
    }
  }

  /** No answer within the call's timeout. */
  public static final class TimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TimeoutException() {
      super("No answer from the charger in time", null, false, false);
    }
  }

  /** Told of every CALL put on the wire (the message log). */
  @FunctionalInterface
  public interface SentListener {
    void sent(String messageId, String action, String text);
  }

  private record Call(String action, ObjectNode payload, long timeoutMs, Promise<Frame> promise) {
  }

  private final Vertx vertx;
  private final Consumer<String> sender;
  private final int maxQueued;
  private final Deque<Call> queue = new ArrayDeque<>();
  private Call inFlight;
  private String inFlightId;
  private long inFlightSentNanos;
  private long timer = -1;
  private boolean closed;
  private final SentListener listener;

  public OutboundCalls(Vertx vertx, Consumer<String> sender, int maxQueued) {
    this(vertx, sender, maxQueued, null);
  }

  /** @param listener told of each CALL sent, or null */
  public OutboundCalls(Vertx vertx, Consumer<String> sender, int maxQueued, SentListener listener) {
    this.vertx = vertx;
    this.sender = sender;
    this.maxQueued = maxQueued;
    this.listener = listener;
  }

  /**
   * Queues a CALL; completes with the charger's CALLRESULT or CALLERROR frame, or fails with
   * {@link BusyException}, {@link TimeoutException} or {@link ClosedException}.
   */
  public Future<Frame> call(String action, ObjectNode payload, long timeoutMs) {
    if (closed) {
      return Future.failedFuture(new ClosedException());
    }
    if (queue.size() >= maxQueued) {
      return Future.failedFuture(new BusyException());
    }
    Promise<Frame> promise = Promise.promise();
    queue.add(new Call(action, payload, timeoutMs, promise));
    sendNext();
    return promise.future();
  }

  /** The action of the CALL awaiting an answer under this message id, or null. */
  public String pendingAction(String messageId) {
    return inFlight != null && messageId.equals(inFlightId) ? inFlight.action() : null;
  }

  /** How long ago ({@link System#nanoTime}) the CALL awaiting an answer under this id was sent, or -1. */
  public long pendingElapsedNanos(String messageId) {
    return inFlight != null && messageId.equals(inFlightId) ? System.nanoTime() - inFlightSentNanos : -1;
  }

  /** A CALLRESULT or CALLERROR from the charger; false when it answers nothing we sent. */
  public boolean onResponse(Frame frame) {
    if (inFlight == null || !frame.messageId().equals(inFlightId)) {
      return false;
    }
    Call done = inFlight;
    finishInFlight();
    done.promise().complete(frame);
    sendNext();
    return true;
  }

  private void sendNext() {
    if (inFlight != null || queue.isEmpty() || closed) {
      return;
    }
    Call next = queue.poll();
    inFlight = next;
    inFlightId = UUID.randomUUID().toString();
    String id = inFlightId;
    timer = vertx.setTimer(next.timeoutMs(), t -> {
      if (inFlight == next && id.equals(inFlightId)) {
        finishInFlight();
        next.promise().fail(new TimeoutException());
        sendNext();
      }
    });
    String text = FrameCodec.call(id, next.action(), next.payload());
    if (listener != null) {
      // Logged first: the answer's latency is then never longer than the time between the two log entries.
      listener.sent(id, next.action(), text);
    }
    inFlightSentNanos = System.nanoTime();
    sender.accept(text);
  }

  private void finishInFlight() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    inFlight = null;
    inFlightId = null;
  }

  /** Fails everything pending; later calls fail at once. */
  public void close() {
    closed = true;
    Call current = inFlight;
    finishInFlight();
    if (current != null) {
      current.promise().tryFail(new ClosedException());
    }
    Call c;
    while ((c = queue.poll()) != null) {
      c.promise().tryFail(new ClosedException());
    }
  }
}
