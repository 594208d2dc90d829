package io.voltgate.services.drivers;

import io.voltgate.services.Refusal;
import java.util.Locale;
import java.util.regex.Pattern;

/** What a registration and a new password must satisfy; each failure names its field. */
final class RegistrationRules {

  static final int MIN_PASSWORD = 8;
  // Long passphrases are welcome; the bound only keeps one request from costing more than it should.
  static final int MAX_PASSWORD = 128;
  private static final int MAX_EMAIL = 254;
  private static final int MAX_TEXT = 200;
  // Deliberately loose: one @, something on each side, a dot in the domain, no spaces. Whether the
  // mailbox exists is proven by the reset mail, not by a regex.
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
  private static final Pattern COUNTRY = Pattern.compile("^[A-Z]{2}$");

  private RegistrationRules() {
  }

  /** The registration trimmed (country upper-cased, blanks as null), or a {@link Refusal}. */
  static DriverRegistration check(DriverRegistration r) {
    String email = email(r.email());
    password("password", r.password());
    String country = optional("country", r.country());
    if (country != null) {
      country = country.toUpperCase(Locale.ROOT);
      if (!COUNTRY.matcher(country).matches()) {
        throw Refusal.invalid("country", "country must be an ISO 3166-1 alpha-2 code");
      }
    }
    return new DriverRegistration(email, r.password(), required("firstName", r.firstName()),
        required("lastName", r.lastName()), optional("phoneNumber", r.phoneNumber()), optional("address", r.address()),
        optional("city", r.city()), optional("state", r.state()), optional("postalCode", r.postalCode()), country);
  }

  /** The e-mail trimmed, or a {@link Refusal} naming {@code email}. */
  static String email(String email) {
    String e = email == null ? "" : email.trim();
    if (e.isEmpty()) {
      throw Refusal.invalid("email", "email is required");
    }
    if (e.length() > MAX_EMAIL || !EMAIL.matcher(e).matches()) {
      throw Refusal.invalid("email", "email is not a valid e-mail address");
    }
    return e;
  }

  static void password(String field, String password) {
    if (password == null || password.isBlank()) {
      throw Refusal.invalid(field, field + " is required");
    }
    int length = password.codePointCount(0, password.length());
    if (length < MIN_PASSWORD || length > MAX_PASSWORD) {
      throw Refusal.invalid(field, field + " must have " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters");
    }
  }

  private static String required(String field, String value) {
    String v = optional(field, value);
    if (v == null) {
      throw Refusal.invalid(field, field + " is required");
    }
    return v;
  }

  private static String optional(String field, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    if (v.length() > MAX_TEXT) {
      throw Refusal.invalid(field, field + " is longer than " + MAX_TEXT + " characters");
    }
    return v;
  }
}
