package io.voltgate.gateway.core;

import io.vertx.redis.client.Redis;
import io.voltgate.gateway.config.GatewayOptions;
import io.voltgate.gateway.metrics.GatewayMetrics;
import io.voltgate.store.pg.ChargerRepository;
import io.voltgate.store.pg.IdTokenRepository;
import io.voltgate.store.pg.MeterSampleWriter;
import io.voltgate.store.pg.SessionRepository;
import io.voltgate.store.redis.EventPublisher;
import io.voltgate.store.redis.LiveStateStore;
import java.time.Clock;
import java.util.UUID;

/**
 * The per-verticle ports a gateway verticle wires its services from (repositories, live state,
 * events), held only while {@code GatewayVerticle} composes them: each service, handler and the
 * connection endpoint receives only the ones it uses. Everything here belongs to one event loop.
 *
 * @param autoRegisterNetworkId network auto-registered chargers join; null unless that policy is on
 */
public record GatewayCore(
    GatewayOptions options,
    String nodeId,
    Clock clock,
    ChargerRepository chargers,
    SessionRepository sessions,
    IdTokenRepository idTokens,
    MeterSampleWriter meterSamples,
    LiveStateStore liveState,
    EventPublisher events,
    Redis redis,
    GatewayMetrics metrics,
    UUID autoRegisterNetworkId) {
}
