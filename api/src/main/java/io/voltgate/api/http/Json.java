package io.voltgate.api.http;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Renders stored values the way every API response shows them. */
public final class Json {

  private Json() {
  }

  /** ISO-8601 UTC with seconds, e.g. {@code 2026-06-19T18:42:09Z}; null stays null. */
  public static String time(OffsetDateTime t) {
    return t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toInstant().toString();
  }

  public static String id(UUID id) {
    return id == null ? null : id.toString();
  }

  public static Double number(BigDecimal d) {
    return d == null ? null : d.doubleValue();
  }

  /** Seconds as minutes to one decimal (HALF_UP), as the APIs show durations. */
  public static double minutes(long seconds) {
    return BigDecimal.valueOf(seconds).divide(BigDecimal.valueOf(60), 1, RoundingMode.HALF_UP).doubleValue();
  }
}
