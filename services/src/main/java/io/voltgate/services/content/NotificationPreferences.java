package io.voltgate.services.content;

import io.vertx.core.json.JsonObject;
import io.voltgate.services.Refusal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A driver's notification preferences: which channels may reach the driver, about which events, and
 * where (a contact e-mail and phone; null means the account's own). The names are a closed list; a
 * driver who never chose gets {@link #defaults()}, and a name added later starts at its default.
 *
 * @param channels every channel of {@link #CHANNELS}, in that order, on or off
 * @param events every event of {@link #EVENTS}, in that order, on or off
 * @param contactEmail the driver's chosen e-mail, or null for the account's
 * @param contactPhone the driver's chosen phone (E.164), or null for the account's
 */
public record NotificationPreferences(Map<String, Boolean> channels, Map<String, Boolean> events, String contactEmail,
    String contactPhone) {

  /** The channels, each with its default. */
  private static final Map<String, Boolean> DEFAULT_CHANNELS = ordered("push", true, "email", true, "sms", false);
  /** The events, each with its default. */
  private static final Map<String, Boolean> DEFAULT_EVENTS = ordered("sessionStarted", true, "sessionStopped", true,
      "sessionFailed", true, "reservationReminder", true, "payment", true);

  public static final List<String> CHANNELS = List.copyOf(DEFAULT_CHANNELS.keySet());
  public static final List<String> EVENTS = List.copyOf(DEFAULT_EVENTS.keySet());

  private static final int MAX_EMAIL = 254;
  // As loose as registration's: one @, something on each side, a dot in the domain, no spaces.
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
  /** E.164: a plus, a country code not starting with 0, at most 15 digits in all. */
  private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{6,14}$");
  /** Separators people type in phone numbers, dropped before the check. */
  private static final Pattern PHONE_SEPARATORS = Pattern.compile("[\\s().-]");

  public NotificationPreferences {
    channels = Map.copyOf(channels);
    events = Map.copyOf(events);
  }

  /** What a driver who never chose gets: push and e-mail on, SMS off, every event on, the account's contact. */
  public static NotificationPreferences defaults() {
    return new NotificationPreferences(DEFAULT_CHANNELS, DEFAULT_EVENTS, null, null);
  }

  /**
   * The preferences as stored (switches as JSON objects, either null when never set) over the
   * defaults; stored names no longer known are ignored.
   */
  public static NotificationPreferences stored(JsonObject channels, JsonObject events, String contactEmail,
      String contactPhone) {
    return new NotificationPreferences(over(DEFAULT_CHANNELS, channels), over(DEFAULT_EVENTS, events), contactEmail,
        contactPhone);
  }

  /**
   * These preferences changed by an update: each channel and event named in {@code channels} /
   * {@code events} is switched, the others keep their value; {@code contact.email} and
   * {@code contact.phoneNumber}, when present, replace the chosen contact (null: back to the
   * account's). An unknown name, a value that is not a boolean, or a malformed e-mail or phone number
   * is a {@link Refusal} naming the field (the allowed names listed in its message).
   */
  public NotificationPreferences with(JsonObject update) {
    Map<String, Boolean> newChannels = switched(channels, DEFAULT_CHANNELS, update.getValue("channels"), "channels",
        "channel");
    Map<String, Boolean> newEvents = switched(events, DEFAULT_EVENTS, update.getValue("events"), "events", "event");
    String email = contactEmail;
    String phone = contactPhone;
    Object contact = update.getValue("contact");
    if (contact != null) {
      if (!(contact instanceof JsonObject c)) {
        throw Refusal.invalid("contact", "contact must be an object with email and phoneNumber");
      }
      for (String name : c.fieldNames()) {
        if (!name.equals("email") && !name.equals("phoneNumber")) {
          throw Refusal.invalid("contact." + name, "Unknown contact field " + name + "; allowed: email, phoneNumber");
        }
      }
      if (c.containsKey("email")) {
        email = email(c.getValue("email"));
      }
      if (c.containsKey("phoneNumber")) {
        phone = phone(c.getValue("phoneNumber"));
      }
    }
    return new NotificationPreferences(newChannels, newEvents, email, phone);
  }

  /** The channels as a JSON object, in the order of {@link #CHANNELS}. */
  public JsonObject channelsJson() {
    return json(CHANNELS, channels);
  }

  /** The events as a JSON object, in the order of {@link #EVENTS}. */
  public JsonObject eventsJson() {
    return json(EVENTS, events);
  }

  private static Map<String, Boolean> switched(Map<String, Boolean> current, Map<String, Boolean> known, Object changes,
      String field, String noun) {
    if (changes == null) {
      return current;
    }
    if (!(changes instanceof JsonObject given)) {
      throw Refusal.invalid(field, field + " must be an object of " + noun + " names to true or false");
    }
    Map<String, Boolean> out = new LinkedHashMap<>(current);
    for (String name : given.fieldNames()) {
      if (!known.containsKey(name)) {
        throw Refusal.invalid(field + "." + name, "Unknown " + noun + " " + name + "; allowed: "
            + String.join(", ", known.keySet()));
      }
      if (!(given.getValue(name) instanceof Boolean on)) {
        throw Refusal.invalid(field + "." + name, field + "." + name + " must be true or false");
      }
      out.put(name, on);
    }
    return out;
  }

  private static String email(Object value) {
    if (value == null) {
      return null;
    }
    String e = value instanceof String s ? s.trim() : "";
    if (e.isEmpty() || e.length() > MAX_EMAIL || !EMAIL.matcher(e).matches()) {
      throw Refusal.invalid("contact.email", "contact.email is not a valid e-mail address");
    }
    return e;
  }

  private static String phone(Object value) {
    if (value == null) {
      return null;
    }
    String p = value instanceof String s ? PHONE_SEPARATORS.matcher(s.trim()).replaceAll("") : "";
    if (!E164.matcher(p).matches()) {
      throw Refusal.invalid("contact.phoneNumber",
          "contact.phoneNumber must be an international number: +, country code and number (E.164, e.g. +17875551234)");
    }
    return p;
  }

  private static Map<String, Boolean> over(Map<String, Boolean> defaults, JsonObject stored) {
    Map<String, Boolean> out = new LinkedHashMap<>(defaults);
    if (stored != null) {
      defaults.keySet().forEach(name -> {
        if (stored.getValue(name) instanceof Boolean on) {
          out.put(name, on);
        }
      });
    }
    return out;
  }

  private static JsonObject json(List<String> names, Map<String, Boolean> values) {
    JsonObject out = new JsonObject();
    names.forEach(name -> out.put(name, values.get(name)));
    return out;
  }

  private static Map<String, Boolean> ordered(Object... pairs) {
    Map<String, Boolean> out = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      out.put((String) pairs[i], (Boolean) pairs[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(out);
  }
}
