package io.voltgate.services.push;

import io.vertx.core.json.JsonObject;
import io.voltgate.services.events.StreamEvent;
import java.time.Instant;

/**
 * What a push carries (the decrypted payload a service worker receives): {@code type}, a
 * {@code title} and {@code body} ready to show, and the ids an app needs to open the right screen.
 * Kept well under the 4 KB a push service accepts.
 */
final class PushNotifications {

  private PushNotifications() {
  }

  static JsonObject test(Instant now) {
    return new JsonObject().put("type", "push.test").put("title", "Test notification")
        .put("body", "Push notifications work on this device.").put("sentAt", now.toString());
  }

  /** A session event as a notification. */
  static JsonObject session(StreamEvent e, boolean started) {
    JsonObject d = e.data();
    JsonObject n = new JsonObject().put("type", e.type())
        .put("title", started ? "Charging started" : "Charging stopped")
        .put("body", started ? "Your charging session has started." : "Your charging session has ended.")
        .put("sessionId", d.getString("sessionId")).put("chargePointId", e.chargePointId())
        .put("sentAt", e.timestamp());
    if (!started && d.getValue("energyWh") instanceof Number wh) {
      n.put("energyKwh", Math.round(wh.doubleValue() / 10.0) / 100.0);
    }
    return n;
  }
}
