package io.voltgate.api.cpms.fleet;

import io.voltgate.api.http.ApiException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;

/** Conversions of validated request values to stored ones; a bad value is a 400 naming the field. */
public final class Values {

  private Values() {
  }

  public static BigDecimal decimal(Object number) {
    return number == null ? null : new BigDecimal(number.toString());
  }

  /** An IANA time zone id, e.g. {@code America/Puerto_Rico}. */
  public static String zone(Object raw, String field) {
    if (raw == null) {
      return null;
    }
    try {
      return ZoneId.of(raw.toString()).getId();
    } catch (DateTimeException e) {
      throw ApiException.badRequest(field, field + " must be an IANA time zone, e.g. Europe/Berlin");
    }
  }

  public static String upper(Object raw) {
    return raw == null ? null : raw.toString().toUpperCase(Locale.ROOT);
  }
}
