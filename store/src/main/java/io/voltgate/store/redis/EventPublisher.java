package io.voltgate.store.redis;

import io.vertx.core.json.JsonObject;
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
 *
 * <p>An event whose {@code XADD} did not succeed (its pipelined batch failed: Redis down or
 * restarting; or the write buffer was full) goes to the {@link Fallback}: in the running product the
 * event loop's {@code store.events.EventSpoolWriter}, which keeps it in Postgres until a drainer appends
 * it to the stream again, with the same id and timestamp.
 */
public final class EventPublisher {

  /**
   * Takes an event the stream did not take. Called on the publisher's event loop; must not block.
   */
  @FunctionalInterface
  public interface Fallback {

    /** Drops the event (a lost event is not retried). */
    Fallback NONE = event -> { };

    void accept(PublishedEvent event);
  }

  private final RedisWriteBuffer buffer;
  private final long maxLen;
  private final Fallback fallback;

  /** The stream's approximate length bound, {@code VOLTGATE_EVENT_STREAM_MAXLEN}: read here only. */
  public static int maxLen(Settings settings) {
    return settings.integer(ConfigKey.EVENT_STREAM_MAXLEN, 1000, 100_000_000);
  }

  /** Without a fallback: an event the stream does not take is lost (tests, tools). */
  public EventPublisher(RedisWriteBuffer buffer, long maxLen) {
    this(buffer, maxLen, Fallback.NONE);
  }

  /** @param fallback where an event goes when its {@code XADD} fails */
  public EventPublisher(RedisWriteBuffer buffer, long maxLen, Fallback fallback) {
    this.buffer = Objects.requireNonNull(buffer);
    this.maxLen = maxLen;
    this.fallback = Objects.requireNonNull(fallback);
  }

  /**
   * Queues the entry in this event loop's write buffer (not awaited); if the batch carrying it fails,
   * the event is handed to the fallback. A batch that failed after Redis applied the {@code XADD}
   * (the answer lost with the connection) makes the event appear twice, with the same {@code id}.
   *
   * @param chargePointId the charger the event is about, or null for none
   */
  public void publish(EventType type, UUID networkId, String chargePointId, Instant at, JsonObject data) {
    publish(UUID.randomUUID(), type, networkId, chargePointId, at, data);
  }

  /** As {@link #publish(EventType, UUID, String, Instant, JsonObject)}, under an id the caller derived. */
  public void publish(UUID eventId, EventType type, UUID networkId, String chargePointId, Instant at, JsonObject data) {
    PublishedEvent event = new PublishedEvent(eventId, type.wire(), networkId, chargePointId,
        at.toString(), data.encode());
    buffer.send(event.xadd(maxLen)).onFailure(e -> fallback.accept(event));
  }
}
