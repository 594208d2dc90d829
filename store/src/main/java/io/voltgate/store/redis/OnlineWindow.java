package io.voltgate.store.redis;

import io.voltgate.config.ConfigKey;
import io.voltgate.config.Settings;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The one rule for "is this charger online": its connection registry entry ({@link RedisKeys#connection})
 * exists and its {@code lastSeen} is at most {@link #duration()} old.
 *
 * @param duration {@code VOLTGATE_ONLINE_WINDOW_S}
 */
public record OnlineWindow(Duration duration) {

  public OnlineWindow {
    Objects.requireNonNull(duration);
  }

  /** The only place {@code VOLTGATE_ONLINE_WINDOW_S} is read. */
  public static OnlineWindow from(Settings settings) {
    return new OnlineWindow(Duration.ofSeconds(settings.integer(ConfigKey.ONLINE_WINDOW_S, 1, 86_400)));
  }

  /** Online when last seen (null: no connection entry) within the window before {@code now}. */
  public boolean online(Instant lastSeen, Instant now) {
    return lastSeen != null && lastSeen.toEpochMilli() >= onlineSinceMs(now.toEpochMilli());
  }

  /** The oldest {@code lastSeen} (ms epoch) that still counts as online at {@code nowMs}. */
  public long onlineSinceMs(long nowMs) {
    return nowMs - duration.toMillis();
  }
}
