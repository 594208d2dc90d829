package io.voltgate.api;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import io.voltgate.api.auth.ApiKeyAuth;
import io.voltgate.services.commands.ChargerCommands;
import io.voltgate.api.control.UploadSite;
import io.voltgate.store.identity.CredentialDigest;
import io.voltgate.store.redis.EventPublisher;
import io.voltgate.services.fraud.FraudOptions;
import java.time.Clock;
import java.time.Duration;

/**
 * What the cpms family's endpoint groups are built from (one set per HTTP verticle instance, i.e. per
 * event loop). Only the composition roots read it ({@code CpmsApi}, {@code HttpVerticle}); each
 * endpoint group receives just the parts it uses.
 *
 * @param commands sends commands to chargers, waiting at most the configured command timeout
 * @param onlineWindow a charger is online when connected and heard from within this window
 * @param uploads where charger uploads land; shared with the upload routes
 * @param publicUrl this server's public URL, the base of upload URLs; {@code null} when not configured
 * @param events appends API-side state changes (forced stops) to the event stream
 * @param fraud the fraud-hold rule's settings
 * @param redisUrl where the live tail of the OCPP message log subscribes (a connection per tail)
 * @param ocppLogRetentionDays the OCPP message log's retention of networks without their own
 * @param credentialDigests the deployment's keyed digests of charger passwords (a generated password
 *     is remembered as verified, so its charger's first connection needs no bcrypt)
 */
public record ApiServices(
    Vertx vertx,
    Pool pg,
    Redis redis,
    Clock clock,
    ApiKeyAuth auth,
    ChargerCommands commands,
    Duration onlineWindow,
    UploadSite uploads,
    String publicUrl,
    EventPublisher events,
    FraudOptions fraud,
    String redisUrl,
    int ocppLogRetentionDays,
    CredentialDigest credentialDigests) {
}
