package io.voltgate.gateway.charger;

import io.vertx.core.Vertx;
import io.vertx.core.streams.ReadStream;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Paces what one charger sends, so that a charger that floods (a bug, a fuzzer, an attacker with a
 * valid identity) slows itself and nobody else: at most {@code maxInFlight} of its CALLs are handled
 * at once, and its frames are read at most at {@code ratePerSecond} (a token bucket of
 * {@code burst}). Over either, the socket is paused and TCP pushes back on the charger until there is
 * room again; no frame is refused or dropped, every CALL is still answered. A charger that follows
 * OCPP-J (one CALL at a time, waiting for its answer) never meets the first limit and, at the
 * defaults, not the second either.
 *
 * <p>Not thread-safe: used on the connection's event loop only.
 */
public final class InboundPacing {

  /** Why the socket was paused (the metric's label). */
  public enum Reason {
    RATE("rate"), IN_FLIGHT("in_flight");

    private final String label;

    Reason(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  private final Vertx vertx;
  private final ReadStream<?> socket;
  private final double tokensPerMs;
  private final double burst;
  private final int maxInFlight;
  private final Consumer<Reason> paced;
  private double tokens;
  private long refilledAt;
  private int inFlight;
  private boolean waitingForAnswers;
  private long refillTimer = -1;
  private boolean paused;

  /**
   * @param ratePerSecond frames per second read from this charger in the long run; 0 = no rate limit
   * @param paced told each time the socket is paused, with why
   */
  public InboundPacing(Vertx vertx, ReadStream<?> socket, int ratePerSecond, int burst, int maxInFlight,
      Consumer<Reason> paced) {
    this.vertx = Objects.requireNonNull(vertx);
    this.socket = Objects.requireNonNull(socket);
    this.tokensPerMs = ratePerSecond / 1000.0;
    this.burst = Math.max(1, burst);
    this.maxInFlight = Math.max(1, maxInFlight);
    this.paced = Objects.requireNonNull(paced);
    this.tokens = this.burst;
    this.refilledAt = nowMs();
  }

  /** A frame was read. */
  public void frame() {
    if (tokensPerMs <= 0) {
      return;
    }
    refill(nowMs());
    tokens -= 1;
    if (tokens < 0 && refillTimer < 0) {
      paced.accept(Reason.RATE);
      waitForTokens();
    }
  }

  /** A CALL of the charger's went to its handler. */
  public void callStarted() {
    inFlight++;
    if (inFlight >= maxInFlight && !waitingForAnswers) {
      waitingForAnswers = true;
      paced.accept(Reason.IN_FLIGHT);
      update();
    }
  }

  /** A CALL of the charger's was answered. */
  public void callAnswered() {
    inFlight--;
    if (waitingForAnswers && inFlight < maxInFlight) {
      waitingForAnswers = false;
      update();
    }
  }

  /** Stops the refill timer (the socket closed). */
  public void close() {
    if (refillTimer >= 0) {
      vertx.cancelTimer(refillTimer);
      refillTimer = -1;
    }
  }

  private void waitForTokens() {
    long wait = Math.max(1, (long) Math.ceil(-tokens / tokensPerMs));
    refillTimer = vertx.setTimer(wait, id -> {
      refillTimer = -1;
      refill(nowMs());
      if (tokens < 0) {
        waitForTokens();
      }
      update();
    });
    update();
  }

  /** Monotonic milliseconds: a wall clock set back must not stall a socket. */
  private static long nowMs() {
    return System.nanoTime() / 1_000_000;
  }

  private void refill(long nowMs) {
    if (nowMs > refilledAt) {
      tokens = Math.min(burst, tokens + (nowMs - refilledAt) * tokensPerMs);
      refilledAt = nowMs;
    }
  }

  private void update() {
    boolean pause = waitingForAnswers || refillTimer >= 0;
    if (pause != paused) {
      paused = pause;
      if (pause) {
        socket.pause();
      } else {
        socket.resume();
      }
    }
  }
}
