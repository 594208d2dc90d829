package io.voltgate.services.billing;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Currency;

/** Exact money arithmetic helpers: rounding HALF_UP to a currency's minor unit. */
public final class Money {

  /** Precision of intermediate divisions (34 significant digits), far below a minor unit. */
  static final MathContext MC = MathContext.DECIMAL128;

  private Money() {
  }

  /** Digits of the currency's minor unit (EUR 2, JPY 0, KWD 3); 2 for currencies without one. */
  public static int minorDigits(Currency currency) {
    int d = currency.getDefaultFractionDigits();
    return d < 0 ? 2 : d;
  }

  /** {@code amount} rounded HALF_UP to the minor unit of {@code currency}. */
  public static BigDecimal round(BigDecimal amount, Currency currency) {
    return amount.setScale(minorDigits(currency), RoundingMode.HALF_UP);
  }

  /** Zero with the currency's scale. */
  public static BigDecimal zero(Currency currency) {
    return BigDecimal.ZERO.setScale(minorDigits(currency));
  }
}
