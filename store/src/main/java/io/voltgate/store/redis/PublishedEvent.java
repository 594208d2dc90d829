package io.voltgate.store.redis;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.Objects;
import java.util.UUID;

/**
 * One event as {@link EventPublisher} appends it to {@link RedisKeys#EVENTS}: every field already in
 * its wire form, so an event kept aside (the Postgres spool) is appended later exactly as it would have
 * been, with its own id and timestamp.
 *
 * @param id the event's stable id (consumers deduplicate on it)
 * @param type the wire name ({@code session.completed})
 * @param networkId the event's network, or null
 * @param chargePointId the charger, or {@code ""} for an event about no charger
 * @param timestamp ISO-8601, as published
 * @param data the JSON object, encoded
 */
public record PublishedEvent(UUID id, String type, UUID networkId, String chargePointId, String timestamp,
    String data) {

  public PublishedEvent {
    Objects.requireNonNull(id);
    Objects.requireNonNull(type);
    chargePointId = chargePointId == null ? "" : chargePointId;
    Objects.requireNonNull(timestamp);
    Objects.requireNonNull(data);
  }

  /** The {@code XADD} of this event to the stream bounded at about {@code maxLen} entries. */
  public Request xadd(long maxLen) {
    return Request.cmd(Command.XADD).arg(RedisKeys.EVENTS)
        .arg("MAXLEN").arg("~").arg(maxLen)
        .arg("*")
        .arg("id").arg(id.toString())
        .arg("type").arg(type)
        .arg("network").arg(networkId == null ? "" : networkId.toString())
        .arg("cp").arg(chargePointId)
        .arg("ts").arg(timestamp)
        .arg("data").arg(data);
  }
}
