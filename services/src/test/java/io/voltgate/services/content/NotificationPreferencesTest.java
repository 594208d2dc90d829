package io.voltgate.services.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.voltgate.services.Refusal;
import org.junit.jupiter.api.Test;

/** The rules of a driver's notification preferences, without HTTP or a database. */
class NotificationPreferencesTest {

  @Test
  void theDefaultsArePushAndEmailWithEveryEvent() {
    NotificationPreferences d = NotificationPreferences.defaults();
    assertEquals(new JsonObject().put("push", true).put("email", true).put("sms", false), d.channelsJson());
    assertEquals(5, d.eventsJson().size());
    assertTrue(d.eventsJson().stream().allMatch(e -> Boolean.TRUE.equals(e.getValue())));
    assertNull(d.contactEmail());
  }

  @Test
  void anUpdateChangesOnlyWhatItNames() {
    NotificationPreferences changed = NotificationPreferences.defaults().with(new JsonObject()
        .put("channels", new JsonObject().put("sms", true)).put("events", new JsonObject().put("payment", false)));
    assertEquals(new JsonObject().put("push", true).put("email", true).put("sms", true), changed.channelsJson());
    assertEquals(false, changed.eventsJson().getBoolean("payment"));
    assertEquals(true, changed.eventsJson().getBoolean("sessionFailed"));
  }

  @Test
  void anUnknownNameIsRefusedListingTheAllowedOnes() {
    Refusal channel = assertThrows(Refusal.class, () -> NotificationPreferences.defaults()
        .with(new JsonObject().put("channels", new JsonObject().put("pigeon", true))));
    assertEquals("channels.pigeon", channel.field());
    assertTrue(channel.getMessage().endsWith("allowed: push, email, sms"), channel.getMessage());
    Refusal event = assertThrows(Refusal.class, () -> NotificationPreferences.defaults()
        .with(new JsonObject().put("events", new JsonObject().put("sessionStarted", "yes"))));
    assertEquals("events.sessionStarted", event.field());
  }

  @Test
  void aPhoneNumberIsNormalisedToE164AndAnEmailChecked() {
    NotificationPreferences p = NotificationPreferences.defaults().with(new JsonObject()
        .put("contact", new JsonObject().put("phoneNumber", "+44 20 7946.0958").put("email", " a@b.example ")));
    assertEquals("+442079460958", p.contactPhone());
    assertEquals("a@b.example", p.contactEmail());
    assertNull(p.with(new JsonObject().put("contact", new JsonObject().put("phoneNumber", null))).contactPhone());
    for (String bad : new String[] {"0044 20 7946 0958", "+0 555 1234", "+1 555", "+1234567890123456"}) {
      assertThrows(Refusal.class, () -> NotificationPreferences.defaults()
          .with(new JsonObject().put("contact", new JsonObject().put("phoneNumber", bad))), bad);
    }
    assertThrows(Refusal.class, () -> NotificationPreferences.defaults()
        .with(new JsonObject().put("contact", new JsonObject().put("email", "a b@c.d"))));
  }

  @Test
  void storedSwitchesOverrideTheDefaultsAndForgottenNamesAreIgnored() {
    NotificationPreferences p = NotificationPreferences.stored(new JsonObject().put("push", false).put("fax", true),
        null, null, "+17875551234");
    assertEquals(new JsonObject().put("push", false).put("email", true).put("sms", false), p.channelsJson());
    assertEquals(NotificationPreferences.defaults().eventsJson(), p.eventsJson());
    assertEquals("+17875551234", p.contactPhone());
  }
}
