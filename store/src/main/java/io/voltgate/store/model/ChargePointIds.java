package io.voltgate.store.model;

import java.util.regex.Pattern;

/**
 * What a charger identity may be: OCPP's {@code identifierString} (letters, digits and
 * {@code * - _ = : + | @ .}), at most 48 characters (OCPP 2.0.1's limit; 1.6 ids are shorter). An id
 * outside it is refused before any lookup, so it never reaches a cache, a log line's parser, a
 * spreadsheet export or SQL.
 */
public final class ChargePointIds {

  public static final int MAX_LENGTH = 48;
  /** The same rule as a JSON-schema pattern (API request schemas use it too). */
  public static final String PATTERN = "^[A-Za-z0-9*_=:+|@.-]{1,48}$";
  private static final Pattern VALID = Pattern.compile(PATTERN);

  private ChargePointIds() {
  }

  public static boolean valid(String id) {
    return id != null && id.length() <= MAX_LENGTH && VALID.matcher(id).matches();
  }
}
