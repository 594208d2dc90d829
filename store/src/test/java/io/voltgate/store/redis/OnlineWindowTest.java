package io.voltgate.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.voltgate.config.Settings;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one online rule and the one reading of {@code VOLTGATE_ONLINE_WINDOW_S}. */
class OnlineWindowTest {

  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

  @Test
  void lastSeenWithinTheWindowInclusiveIsOnline() {
    OnlineWindow w = new OnlineWindow(Duration.ofSeconds(300));
    assertTrue(w.online(NOW, NOW));
    assertTrue(w.online(NOW.minusSeconds(300), NOW));
    assertFalse(w.online(NOW.minusSeconds(300).minusMillis(1), NOW));
    assertFalse(w.online(null, NOW), "no connection entry");
    assertEquals(NOW.toEpochMilli() - 300_000, w.onlineSinceMs(NOW.toEpochMilli()));
  }

  @Test
  void readFromSettingsWithinBounds() {
    assertEquals(Duration.ofSeconds(300), OnlineWindow.from(Settings.of(Map.of())).duration());
    assertEquals(Duration.ofSeconds(60), OnlineWindow.from(Settings.of(Map.of("VOLTGATE_ONLINE_WINDOW_S", "60"))).duration());
    assertThrows(Settings.ConfigException.class,
        () -> OnlineWindow.from(Settings.of(Map.of("VOLTGATE_ONLINE_WINDOW_S", "0"))));
  }
}
