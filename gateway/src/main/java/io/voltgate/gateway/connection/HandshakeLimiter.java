package io.voltgate.gateway.connection;

import java.util.HashMap;
import java.util.Map;

/**
 * Admission of WebSocket handshakes on one event loop: a per-second budget for the loop and one per
 * source IP, so a reconnect storm is spread out instead of overwhelming the node. Not thread-safe:
 * one instance per verticle.
 */
public final class HandshakeLimiter {

  private final int perSecond;
  private final int perIpPerSecond;
  private long windowSecond;
  private int inWindow;
  private final Map<String, Integer> perIp = new HashMap<>();

  public HandshakeLimiter(int perSecond, int perIpPerSecond) {
    this.perSecond = Math.max(1, perSecond);
    this.perIpPerSecond = Math.max(1, perIpPerSecond);
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
}
