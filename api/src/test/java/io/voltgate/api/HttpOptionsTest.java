package io.voltgate.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.voltgate.config.Settings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The API takes the event stream bound and the online window from the configuration, like the gateway. */
class HttpOptionsTest {

  @Test
  void eventStreamBoundAndOnlineWindowComeFromSettings() {
    HttpOptions defaults = HttpOptions.from(Settings.of(Map.of()), true);
    assertEquals(100_000, defaults.eventStreamMaxLen());
    assertEquals(Duration.ofSeconds(300), defaults.onlineWindow());

    HttpOptions set = HttpOptions.from(Settings.of(Map.of("VOLTGATE_EVENT_STREAM_MAXLEN", "5000",
        "VOLTGATE_ONLINE_WINDOW_S", "90")), true);
    assertEquals(5_000, set.eventStreamMaxLen());
    assertEquals(Duration.ofSeconds(90), set.onlineWindow());
    assertEquals(5_000, set.withPort(1234).eventStreamMaxLen(), "kept across copies");
  }
}
