package io.voltgate.services.charging;

import io.vertx.core.Future;
import io.voltgate.services.billing.PriceBreakdown;
import io.voltgate.services.billing.SessionBilling;
import io.voltgate.store.query.SessionView;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.Objects;

/**
 * What a session costs, by the engine that prices CDRs: a priced session its CDR's amounts; a
 * running one (or a completed one billing has not reached yet) priced so far with the same tariff,
 * readings and rules ({@link SessionBilling#priceSoFar}). Sessions that are not billed (pending,
 * faulted, orphaned) have no costs.
 */
public final class SessionCosts {

  /**
   * A session's costs and idle time.
   *
   * @param timeFee the charging-time component
   * @param idleSeconds idle time so far (a running session: since the meter showed charging stopped)
   * @param idleNow whether a running session is idle at this moment
   * @param estimate true while running or not yet priced (the amounts may still change)
   */
  public record Costs(BigDecimal subtotal, BigDecimal taxes, BigDecimal sessionFees, BigDecimal idleFees,
      BigDecimal timeFees, BigDecimal total, String currency, long idleSeconds, boolean idleNow, boolean estimate) {
  }

  private final SessionBilling billing;
  private final Clock clock;

  public SessionCosts(SessionBilling billing, Clock clock) {
    this.billing = Objects.requireNonNull(billing);
    this.clock = Objects.requireNonNull(clock);
  }

  /** Completes with the session's costs, or null when it is not billed; fails only on backend errors. */
  public Future<Costs> of(SessionView session) {
    SessionView.Cdr cdr = session.cdr();
    if (cdr != null) {
      return Future.succeededFuture(new Costs(cdr.subtotal(), cdr.tax(), cdr.sessionFee(), cdr.idleFee(),
          cdr.timeCost(), cdr.total(), cdr.currency(), session.idleSeconds() == null ? 0 : session.idleSeconds(), false,
          false));
    }
    if (!session.active() && !SessionView.COMPLETED.equals(session.status())) {
      return Future.succeededFuture(null);
    }
    return billing.priceSoFar(session.id(), clock.instant())
        .map(price -> price.map(p -> estimate(p, session.active())).orElse(null));
  }

  private static Costs estimate(PriceBreakdown p, boolean running) {
    return new Costs(p.subtotal(), p.tax(), p.sessionFee(), p.idleFee(), p.timeCost(), p.total(), p.currency(),
        p.idleSeconds(), running && p.idleSince() != null, true);
  }
}
