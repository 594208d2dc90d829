package io.voltgate.api.http;

import java.math.BigDecimal;
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
}
