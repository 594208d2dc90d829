package io.voltgate.gateway.connection;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Admission of WebSocket handshakes on one event loop. Two bounds:
 * <ul>
 *   <li>rate: handshakes per second for the loop and per source IP (a cheap guard against one noisy
 *       address or a runaway fleet);</li>
 *   <li>concurrency: handshakes waiting on Redis or Postgres (cache misses, registrations, bcrypt).
 *       This is what keeps a storm from building a queue longer than a charger waits: beyond the
 *       bound a charger is answered 503 at once instead of waiting behind the others.</li>
 * </ul>
 * Handshakes answered from the in-process cache need no backend slot. Not thread-safe: one instance
 * per verticle.
 */
public final class HandshakeAdmission {

  private final int perSecond;
  private final int perIpPerSecond;
  private final int maxInFlight;
  private long windowSecond;
  private int inWindow;
  private int inFlight;
  private final Map<String, Integer> perIp = new HashMap<>();

  public HandshakeAdmission(int perSecond, int perIpPerSecond, int maxInFlight) {
    this.perSecond = Math.max(1, perSecond);
    this.perIpPerSecond = Math.max(1, perIpPerSecond);
    this.maxInFlight = Math.max(1, maxInFlight);
  }

  /** Null when admitted, else the reason ({@code node_rate} or {@code ip_rate}). */
  public String admit(String ip, long nowMs) {
    long second = nowMs / 1000;
    if (second != windowSecond) {
      windowSecond = second;
      inWindow = 0;
      perIp.clear();
    }
    if (inWindow >= perSecond) {
      return "node_rate";
    }
    int fromIp = perIp.getOrDefault(ip, 0);
    if (fromIp >= perIpPerSecond) {
      return "ip_rate";
    }
    inWindow++;
    perIp.put(ip, fromIp + 1);
    return null;
  }

  /** Takes a backend slot; false when {@code maxInFlight} handshakes already wait on the backends. */
  public boolean enterBackend() {
    if (inFlight >= maxInFlight) {
      return false;
    }
    inFlight++;
    return true;
  }

  /** Gives a slot taken by {@link #enterBackend()} back. */
  public void leaveBackend() {
    inFlight = Math.max(0, inFlight - 1);
  }

  public int inFlight() {
    return inFlight;
  }

  /** Seconds for the Retry-After header of a 503: 1 to 5, so retries spread out. */
  public static int retryAfterSeconds() {
    return 1 + ThreadLocalRandom.current().nextInt(5);
  }
}
