package io.voltgate.api.emp;

import io.voltgate.api.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

/**
 * The opaque {@code cursor} of the EMP lists: the (created_at, id) of the last row shown, in
 * microseconds (Postgres' precision) and base64url, so a client cannot build or rely on one. A
 * keyset position, not an offset: rows created between two pages never shift the next one.
 */
record KeysetCursor(OffsetDateTime createdAt, String id) {

  static String encode(OffsetDateTime createdAt, Object id) {
    long micros = ChronoUnit.MICROS.between(Instant.EPOCH, createdAt.toInstant());
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((micros + "." + id).getBytes(StandardCharsets.US_ASCII));
  }

  /** The position of a cursor, null for none; a cursor we did not issue is a 400. */
  static KeysetCursor decode(String cursor) {
    if (cursor == null || cursor.isBlank()) {
      return null;
    }
    try {
      String[] parts = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.US_ASCII).split("\\.", 2);
      long micros = Long.parseLong(parts[0]);
      OffsetDateTime at = Instant.EPOCH.plus(micros, ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
      if (parts[1].isEmpty()) {
        throw invalid();
      }
      return new KeysetCursor(at, parts[1]);
    } catch (RuntimeException e) {
      throw invalid();
    }
  }

  /** The position's id as a UUID (the keys' ids); anything else is a cursor we did not issue. */
  UUID uuid() {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
  }

  private static ApiException invalid() {
    return ApiException.badRequest("cursor", "cursor is not one this API returned");
  }
}
