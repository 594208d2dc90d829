package io.voltgate.services.push;

import io.vertx.core.json.JsonObject;
import io.voltgate.services.events.StreamEvent;
import io.voltgate.store.query.PushSweepQueries.ReservationReminder;
import io.voltgate.store.query.PushSweepQueries.ScheduleFailure;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;

/**
 * What a push carries (the decrypted payload a service worker receives): {@code type}, a
 * {@code title} and {@code body} ready to show, and the ids an app needs to open the right screen.
 * Kept well under the 4 KB a push service accepts.
 */
final class PushNotifications {

  /**
   * Stop reasons that mean the charger ended the session by a fault or a restart, not because the
   * driver, the EV, a limit or the back end chose to: OCPP 1.6 {@code Reason} and 2.0.1
   * {@code stoppedReason} values (docs/emsp.md, "Web push"). Such a stop is pushed as
   * {@code sessionFailed} instead of {@code sessionStopped}.
   */
  static final Set<String> FAULT_STOP_REASONS = Set.of("EmergencyStop", "PowerLoss", "PowerQuality", "GroundFault",
      "OvercurrentFault", "HardReset", "SoftReset", "ImmediateReset", "Reboot");

  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

  private PushNotifications() {
  }

  /** Whether a {@code session.completed} reason is a fault-like end ({@link #FAULT_STOP_REASONS}). */
  static boolean faultStop(String reason) {
    return reason != null && FAULT_STOP_REASONS.contains(reason);
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

  /** A session the charger ended by a fault or a restart ({@link #faultStop}). */
  static JsonObject sessionFailed(StreamEvent e) {
    JsonObject d = e.data();
    JsonObject n = new JsonObject().put("type", "session.failed").put("title", "Charging interrupted")
        .put("body", "Your charging session ended unexpectedly (" + d.getString("reason") + ").")
        .put("sessionId", d.getString("sessionId")).put("chargePointId", e.chargePointId())
        .put("stopReason", d.getString("reason")).put("sentAt", e.timestamp());
    if (d.getValue("energyWh") instanceof Number wh) {
      n.put("energyKwh", Math.round(wh.doubleValue() / 10.0) / 100.0);
    }
    return n;
  }

  /** A scheduled charge that could not start. */
  static JsonObject scheduleFailed(ScheduleFailure f, Instant now) {
    String reason = f.reason() == null ? "The charge could not start" : f.reason();
    return new JsonObject().put("type", "charging.schedule_failed").put("title", "Scheduled charge did not start")
        .put("body", "Your charge scheduled for " + f.scheduledTime().toInstant() + " did not start: " + reason + ".")
        .put("scheduleId", f.id().toString()).put("chargerId", f.chargerId().toString())
        .put("chargePointId", f.chargePointId()).put("connectorNumber", f.connectorNumber())
        .put("statusReason", f.reason()).put("sentAt", now.toString());
  }

  /** A reservation about to expire. */
  static JsonObject reservationReminder(ReservationReminder r, Instant now) {
    long minutes = Math.max(0, Duration.between(now, r.expiresAt().toInstant()).toMinutes());
    return new JsonObject().put("type", "reservation.reminder").put("title", "Reservation ending soon")
        .put("body", "Your reservation ends at " + HH_MM.format(r.expiresAt().withOffsetSameInstant(
            ZoneOffset.UTC)) + " UTC (in " + (minutes < 1 ? "less than a minute" : minutes + " min") + ").")
        .put("reservationId", r.id().toString()).put("chargePointId", r.chargePointId())
        .put("connectorNumber", r.connectorNumber()).put("expiresAt", r.expiresAt().toInstant().toString())
        .put("sentAt", now.toString());
  }
}
