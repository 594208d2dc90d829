package io.voltgate.store.redis;

import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one reader of chargers' live state (connection registry and reported statuses, layout in
 * {@link RedisKeys}), for many chargers in one pipelined Redis batch; online or not by the single
 * {@link OnlineWindow} rule. Used by every API family (fleet endpoints, live control, driver discovery).
 */
public final class ChargerLiveState {

  /**
   * What Redis knows about one charger; {@link #NONE} when it never connected.
   *
   * @param connected its connection registry entry exists (it may still be offline: silent too long)
   * @param node the node holding its connection, or null
   * @param remote the connection's remote address, or null
   */
  public record Charger(boolean online, Instant lastSeen, Instant lastHeartbeat, Map<String, JsonObject> statuses,
      boolean connected, String node, String remote) {

    public static final Charger NONE = new Charger(false, null, null, Map.of(), false, null, null);

    /** The whole-charger status (connector 0), or null when none was reported. */
    public String chargerStatus() {
      JsonObject s = statuses.get("0");
      return s == null ? null : s.getString("status");
    }

    /** The reported status of one connector ({@code evse/connector}), or null. */
    public JsonObject connector(int evseId, int connectorId) {
      return statuses.get(evseId + "/" + connectorId);
    }

    /** The status a charger shows: the whole-charger status it reported, else the stored one. */
    public String chargerStatusOr(String stored) {
      String reported = chargerStatus();
      return reported != null ? reported : stored;
    }

    /** The status a connector shows: the one it reported ({@code evse/connector}), else the stored one. */
    public String connectorStatusOr(int evseId, int connectorId, String stored) {
      JsonObject reported = connector(evseId, connectorId);
      return reported != null && reported.getString("status") != null ? reported.getString("status") : stored;
    }

    /** When a connector last reported its status (the charger's timestamp), or null when it did not. */
    public Instant connectorReportedAt(int evseId, int connectorId) {
      JsonObject reported = connector(evseId, connectorId);
      if (reported == null || reported.getString("ts") == null) {
        return null;
      }
      try {
        return java.time.OffsetDateTime.parse(reported.getString("ts")).toInstant();
      } catch (java.time.format.DateTimeParseException e) {
        return null;
      }
    }

    /** The last heartbeat, or the last message when no heartbeat came yet on this connection. */
    public Instant heartbeatOrSeen() {
      return lastHeartbeat != null ? lastHeartbeat : lastSeen;
    }
  }

  private final Redis redis;
  private final Clock clock;
  private final OnlineWindow onlineWindow;

  public ChargerLiveState(Redis redis, Clock clock, Duration onlineWindow) {
    this.redis = Objects.requireNonNull(redis);
    this.clock = Objects.requireNonNull(clock);
    this.onlineWindow = new OnlineWindow(onlineWindow);
  }

  /** Completes with the live state of each charger by chargePointId (absent ids map to NONE). */
  public Future<Map<String, Charger>> read(Collection<String> chargePointIds) {
    List<String> ids = new ArrayList<>(new LinkedHashSet<>(chargePointIds));
    if (ids.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    List<Request> batch = new ArrayList<>(ids.size() * 2);
    for (String cp : ids) {
      batch.add(Request.cmd(Command.HGETALL).arg(RedisKeys.connection(cp)));
      batch.add(Request.cmd(Command.HGETALL).arg(RedisKeys.status(cp)));
    }
    return redis.batch(batch).map(responses -> {
      Map<String, Charger> out = new HashMap<>();
      for (int i = 0; i < ids.size(); i++) {
        out.put(ids.get(i), charger(hash(responses.get(2 * i)), hash(responses.get(2 * i + 1))));
      }
      return out;
    });
  }

  /**
   * Completes with the reported statuses (field {@code 0} or {@code evse/connector} → the status JSON,
   * as in {@link Charger#statuses()}) of those of the chargers that are online now, by the same rule
   * as {@link #read}, by chargePointId; a charger absent from the map is offline. One pipelined
   * batch of two commands per charger, like {@link #read}, but only the {@code lastSeen} field of the
   * connection entry, and statuses parsed only for the online ones: for counts over a whole fleet.
   */
  public Future<Map<String, Map<String, JsonObject>>> onlineStatuses(Collection<String> chargePointIds) {
    List<String> ids = new ArrayList<>(new LinkedHashSet<>(chargePointIds));
    if (ids.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    List<Request> batch = new ArrayList<>(ids.size() * 2);
    for (String cp : ids) {
      batch.add(Request.cmd(Command.HGET).arg(RedisKeys.connection(cp)).arg("lastSeen"));
      batch.add(Request.cmd(Command.HGETALL).arg(RedisKeys.status(cp)));
    }
    return redis.batch(batch).map(responses -> {
      Instant now = clock.instant();
      Map<String, Map<String, JsonObject>> out = new HashMap<>();
      for (int i = 0; i < ids.size(); i++) {
        Response seen = responses.get(2 * i);
        if (onlineWindow.online(millis(seen == null ? null : seen.toString()), now)) {
          out.put(ids.get(i), statuses(hash(responses.get(2 * i + 1))));
        }
      }
      return out;
    });
  }

  /** Completes with the live state of one charger. */
  public Future<Charger> read(String chargePointId) {
    return read(List.of(chargePointId)).map(m -> m.getOrDefault(chargePointId, Charger.NONE));
  }

  private Charger charger(Map<String, String> conn, Map<String, String> status) {
    Map<String, JsonObject> statuses = statuses(status);
    if (conn.isEmpty()) {
      return new Charger(false, null, null, statuses, false, null, null);
    }
    Instant lastSeen = millis(conn.get("lastSeen"));
    Instant lastHeartbeat = millis(conn.get("lastHeartbeat"));
    return new Charger(onlineWindow.online(lastSeen, clock.instant()), lastSeen, lastHeartbeat, statuses, true,
        conn.get("node"), conn.get("remote"));
  }

  private static Map<String, JsonObject> statuses(Map<String, String> status) {
    Map<String, JsonObject> statuses = new HashMap<>();
    status.forEach((field, json) -> {
      try {
        statuses.put(field, new JsonObject(json));
      } catch (DecodeException e) {
        // A malformed entry is ignored rather than failing the whole listing.
      }
    });
    return statuses;
  }

  private static Map<String, String> hash(Response r) {
    Map<String, String> out = new HashMap<>();
    if (r == null) {
      return out;
    }
    for (String key : r.getKeys()) {
      Response v = r.get(key);
      if (v != null) {
        out.put(key, v.toString());
      }
    }
    return out;
  }

  private static Instant millis(String raw) {
    if (raw == null) {
      return null;
    }
    try {
      return Instant.ofEpochMilli(Long.parseLong(raw.trim()));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
