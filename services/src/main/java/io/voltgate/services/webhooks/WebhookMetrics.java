package io.voltgate.services.webhooks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.voltgate.metrics.MetricNames;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code voltgate_webhooks_deliveries_total{outcome}}: webhook delivery attempts by outcome. Every
 * outcome is registered at 0 on construction, so rates exist before the first delivery.
 */
public final class WebhookMetrics {

  /** What became of one delivery attempt. */
  public enum Outcome {
    /** The receiver answered 2xx. */
    DELIVERED,
    /** The attempt failed (non-2xx, timeout, connection error) and another is scheduled. */
    RETRY,
    /** The attempt failed and the delivery was given up (attempts exhausted or subscription disabled). */
    FAILED;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Map<Outcome, Counter> counters = new EnumMap<>(Outcome.class);

  public WebhookMetrics(MeterRegistry registry) {
    for (Outcome o : Outcome.values()) {
      counters.put(o, Counter.builder(MetricNames.WEBHOOK_DELIVERIES)
          .description("Webhook delivery attempts by outcome").tag("outcome", o.label()).register(registry));
    }
  }

  public void attempt(Outcome outcome) {
    counters.get(outcome).increment();
  }
}
