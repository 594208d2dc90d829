package io.voltgate.api;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import io.voltgate.api.auth.ApiKeyAuth;
import io.voltgate.services.commands.CommandClient;
import io.voltgate.store.redis.EventPublisher;
import io.voltgate.store.security.SecretBox;
import java.time.Clock;
import java.time.Duration;

/**
 * What endpoint groups are built from (one set per HTTP verticle instance, i.e. per event loop).
 *
 * @param onlineWindow a charger is online when connected and heard from within this window
 * @param commandTimeout how long control endpoints wait for a charger's answer
 * @param http this HTTP server's settings (public URL, upload directory)
 * @param secrets encryption and signing of stored secrets and upload URLs
 * @param events appends API-side state changes (forced stops) to the event stream
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
    Duration commandTimeout,
    HttpOptions http,
    SecretBox secrets,
    EventPublisher events) {
}
