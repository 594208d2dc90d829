package io.voltgate.store.redis;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The gateway's live meter values of running sessions ({@code vg:{cp:ID}:live}, field EVSE id), read
 * in one pipelined batch. A value is taken only when it names the asked session (the EVSE may already
 * run the next one); a Redis failure or a malformed value only leaves values out.
 */
public final class LiveSessionValues {

  /** A running session to read: its charger, EVSE and id. */
  public record Target(String chargePointId, int evseId, UUID sessionId) {
  }

  private final Redis redis;

  public LiveSessionValues(Redis redis) {
    this.redis = Objects.requireNonNull(redis);
  }

  /**
   * One entry per target, in order: the values ({@code energyKwh}, {@code powerKw}, {@code soc},
   * {@code currentA}, {@code voltageV}, {@code ts}) or null.
   */
  public Future<List<JsonObject>> of(List<Target> targets) {
    List<JsonObject> out = new ArrayList<>(Collections.nCopies(targets.size(), (JsonObject) null));
    if (targets.isEmpty()) {
      return Future.succeededFuture(out);
    }
    List<Request> requests = targets.stream()
        .map(t -> Request.cmd(Command.HGET).arg(RedisKeys.live(t.chargePointId())).arg(Integer.toString(t.evseId())))
        .toList();
    return redis.batch(requests).map(responses -> {
      for (int i = 0; i < responses.size(); i++) {
        out.set(i, parse(responses.get(i), targets.get(i).sessionId()));
      }
      return out;
    }).otherwise(out);
  }

  private static JsonObject parse(Response resp, UUID sessionId) {
    if (resp == null) {
      return null;
    }
    try {
      JsonObject v = new JsonObject(resp.toString());
      String sid = v.getString("sessionId");
      if (sid != null && !sid.equals(sessionId.toString())) {
        return null;
      }
      v.remove("sessionId");
      v.remove("transactionRef");
      return v;
    } catch (RuntimeException malformed) {
      return null;
    }
  }
}
