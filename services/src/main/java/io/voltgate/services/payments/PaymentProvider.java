package io.voltgate.services.payments;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.voltgate.services.Refusal;
import java.util.UUID;

/**
 * The payment provider behind refunds and payment flows. Voltgate ships none: {@link #DISABLED}
 * answers {@code payments_not_enabled} (HTTP 409) until a provider is configured.
 */
public interface PaymentProvider {

  /** Refunds a session's captured payment; completes with {sessionId, refundId, refundedAmount, currency, refunded}. */
  Future<JsonObject> refund(UUID sessionId);

  /** What every payment operation answers while no provider is configured (HTTP 409 {@code payments_not_enabled}). */
  static Refusal notEnabled() {
    return Refusal.conflict("payments_not_enabled", "Payments are not enabled for this network.");
  }

  PaymentProvider DISABLED = sessionId -> Future.failedFuture(notEnabled());
}
