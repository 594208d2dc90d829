package io.voltgate.store.redis;

import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.voltgate.config.ConfigKey;
import io.voltgate.config.Settings;
import io.voltgate.store.model.EventType;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Appends state changes to the bounded Redis stream {@link RedisKeys#EVENTS}, which SSE streams and
 * webhook delivery read. The stream entry id is the event's cursor ({@code Last-Event-ID}); the
 * {@code id} field is a stable UUID for deduplication by consumers.
 *
 * <p>Entry fields: {@code id}, {@code type} (e.g. {@code charger.status}), {@code network},
 * {@code cp} (chargePointId; empty for an event about no charger, such as a location's), {@code ts}
 * (ISO-8601), {@code data} (JSON object).
 */
public final class EventPublisher {

  private final RedisWriteBuffer buffer;
  private final long maxLen;

  /** The stream's approximate length bound, {@code VOLTGATE_EVENT_STREAM_MAXLEN}: read here only. */
  public static int maxLen(Settings settings) {
    return settings.integer(ConfigKey.EVENT_STREAM_MAXLEN, 1000, 100_000_000);
  }

  public EventPublisher(RedisWriteBuffer buffer, long maxLen) {
    this.buffer = Objects.requireNonNull(buffer);
    this.maxLen = maxLen;
  }

  /**
   * Queues the entry in this event loop's write buffer (not awaited: a lost event is not retried).
   *
   * @param chargePointId the charger the event is about, or null for none
   */
  public void publish(EventType type, UUID networkId, String chargePointId, Instant at, JsonObject data) {
    buffer.add(Request.cmd(Command.XADD).arg(RedisKeys.EVENTS)
        .arg("MAXLEN").arg("~").arg(maxLen)
        .arg("*")
        .arg("id").arg(UUID.randomUUID().toString())
        .arg("type").arg(type.wire())
        .arg("network").arg(networkId == null ? "" : networkId.toString())
        .arg("cp").arg(chargePointId == null ? "" : chargePointId)
        .arg("ts").arg(at.toString())
        .arg("data").arg(data.encode()));
  }
}
