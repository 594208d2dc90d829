package io.voltgate.api.http;

import io.vertx.core.json.JsonObject;
import io.voltgate.store.commands.CommandOutcome;
import io.voltgate.store.commands.CommandOutcome.Kind;

/**
 * How a command's outcome appears in responses of every family that sends commands (shared, so the
 * words are the same everywhere). Operator control responses: {@code accepted}, {@code message},
 * {@code reason}, {@code retryable}, {@code outcome} (accepted, rejected, offline, timeout,
 * callError, busy) and {@code chargerStatus} (the status value the charger answered). A command that cannot be expressed for the charger is a 400.
 */
public final class CommandReplies {

  private CommandReplies() {
  }

  public static JsonObject of(CommandOutcome o, String what) {
    if (o.kind() == Kind.INVALID) {
      throw ApiException.badRequest(null, o.reason());
    }
    JsonObject out = new JsonObject()
        .put("accepted", o.accepted())
        .put("outcome", o.kind().wire())
        .put("retryable", o.retryable())
        .put("message", message(o, what));
    if (!o.accepted()) {
      out.put("reason", reason(o));
    }
    if (o.status() != null) {
      out.put("chargerStatus", o.status());
    }
    return out;
  }

  /**
   * The eMSP seed's three outcome fields: {@code accepted}; {@code reason}, null when accepted, else
   * the charger's reason for a refusal or error, or a sentence saying why it was not asked or did
   * not answer (offline, timeout, busy); {@code retryable}, true when trying again later may work.
   * An outcome that cannot be expressed for the charger is a 400.
   */
  public static JsonObject seedOutcome(CommandOutcome o, String what) {
    return switch (o.kind()) {
      case INVALID -> throw ApiException.badRequest(null, o.reason());
      case ACCEPTED -> new JsonObject().put("accepted", true).putNull("reason").put("retryable", false);
      case REJECTED, CALL_ERROR -> new JsonObject().put("accepted", false).put("reason", reason(o))
          .put("retryable", o.retryable());
      default -> new JsonObject().put("accepted", false).put("reason", message(o, what)).put("retryable", o.retryable());
    };
  }

  /**
   * One word for the outcome, as the eMSP seed's {@code status}: the charger's own status value when
   * it answered (Accepted, Rejected, Scheduled ...), else Offline, Timeout, Busy or CallError.
   * An outcome that cannot be expressed for the charger is a 400.
   */
  public static String status(CommandOutcome o) {
    return switch (o.kind()) {
      case ACCEPTED -> o.status() != null ? o.status() : "Accepted";
      case REJECTED -> o.status() != null ? o.status() : "Rejected";
      case OFFLINE -> "Offline";
      case TIMEOUT -> "Timeout";
      case BUSY -> "Busy";
      case CALL_ERROR -> "CallError";
      case INVALID -> throw ApiException.badRequest(null, o.reason());
    };
  }

  /** A sentence saying what became of the command ({@code what}: e.g. "Soft reset"). */
  public static String message(CommandOutcome o, String what) {
    return switch (o.kind()) {
      case ACCEPTED -> what + " command accepted by the charger";
      case REJECTED -> what + " command rejected by the charger";
      case OFFLINE -> "The charger is offline; " + what + " was not sent";
      case TIMEOUT -> "The charger did not answer " + what + " in time";
      case CALL_ERROR -> "The charger answered " + what + " with an error";
      case BUSY -> "Too many commands are waiting for this charger";
      case INVALID -> o.reason();
    };
  }

  private static String reason(CommandOutcome o) {
    return switch (o.kind()) {
      case CALL_ERROR -> o.errorCode() + (o.reason() == null || o.reason().isEmpty() ? "" : ": " + o.reason());
      case REJECTED -> o.reason() == null ? "The charger rejected the request." : o.reason();
      default -> o.reason();
    };
  }
}
