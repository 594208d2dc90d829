package io.voltgate.api;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import io.voltgate.api.auth.ApiKeyAuth;
import io.voltgate.store.commands.CommandClient;
import java.time.Clock;
import java.time.Duration;

/**
 * What endpoint groups are built from (one set per HTTP verticle instance, i.e. per event loop).
 *
 * @param onlineWindow a charger is online when connected and heard from within this window
 * @param commandTimeout how long control endpoints wait for a charger's answer
 */
public record ApiServices(
    Vertx vertx,
    Pool pg,
    Redis redis,
    Clock clock,
    ApiKeyAuth auth,
    CommandClient commands,
    String nodeId,
    Duration onlineWindow,
    Duration commandTimeout) {
}
