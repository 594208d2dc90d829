package io.voltgate.api.http;

import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.UUID;

/** Typed path and query parameters; anything malformed is a 400 naming the parameter. */
public final class Params {

  private Params() {
  }

  public static UUID pathUuid(RoutingContext ctx, String name) {
    String raw = ctx.pathParam(name);
    try {
      return UUID.fromString(raw);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw ApiException.badRequest(name, name + " must be a UUID");
    }
  }

  public static UUID queryUuid(RoutingContext ctx, String name) {
    String raw = ctx.queryParams().get(name);
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      return UUID.fromString(raw.trim());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(name, name + " must be a UUID");
    }
  }

  public static int queryInt(RoutingContext ctx, String name, int dflt, int min, int max) {
    String raw = ctx.queryParams().get(name);
    if (raw == null || raw.isBlank()) {
      return dflt;
    }
    try {
      int v = Integer.parseInt(raw.trim());
      if (v < min || v > max) {
        throw ApiException.badRequest(name, name + " must be between " + min + " and " + max);
      }
      return v;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(name, name + " must be an integer");
    }
  }

  /** A finite decimal number within [min, max], or null when absent; else a 400 naming the parameter. */
  public static Double queryDouble(RoutingContext ctx, String name, double min, double max) {
    String raw = ctx.queryParams().get(name);
    if (raw == null || raw.isBlank()) {
      return null;
    }
    double v;
    try {
      v = Double.parseDouble(raw.trim());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(name, name + " must be a number");
    }
    if (!Double.isFinite(v) || v < min || v > max) {
      throw ApiException.badRequest(name, name + " must be between " + min + " and " + max);
    }
    return v;
  }

  public static Instant queryTime(RoutingContext ctx, String name) {
    String raw = ctx.queryParams().get(name);
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(raw.trim()).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return java.time.LocalDate.parse(raw.trim()).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException e2) {
        throw ApiException.badRequest(name, name + " must be an ISO-8601 date-time, e.g. 2026-06-01T00:00:00Z");
      }
    }
  }

  public static String queryEnum(RoutingContext ctx, String name, Set<String> allowed) {
    String raw = ctx.queryParams().get(name);
    if (raw == null || raw.isBlank()) {
      return null;
    }
    String v = raw.trim();
    if (!allowed.contains(v)) {
      throw ApiException.badRequest(name, name + " must be one of " + allowed);
    }
    return v;
  }

  public static String queryText(RoutingContext ctx, String name, int maxLength) {
    String raw = ctx.queryParams().get(name);
    if (raw == null || raw.isBlank()) {
      return null;
    }
    if (raw.length() > maxLength) {
      throw ApiException.badRequest(name, name + " is longer than " + maxLength + " characters");
    }
    return raw.trim();
  }
}
