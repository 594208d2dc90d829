package io.voltgate.api.cpms;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.redis.client.Redis;
import io.voltgate.api.auth.ApiKeyAuth;
import io.voltgate.api.auth.ApiKeySecrets;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.auth.ApiKeyRevocations;
import io.voltgate.api.auth.KeyGrant;
import io.voltgate.api.auth.Scopes;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.http.BodySchemas;
import io.voltgate.api.http.Json;
import io.voltgate.api.http.PageRequest;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import io.voltgate.store.query.ApiKeyQueries;
import io.voltgate.store.query.NetworkQueries;
import io.voltgate.store.query.Scope;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operator API keys: list (prefix and last four only), mint (secret shown once, stored as SHA-256),
 * revoke (at once on every API node). A minted key never exceeds the key that mints it
 * ({@link KeyGrant}).
 */
public final class ApiKeyEndpoints {

  private static final Logger LOG = LoggerFactory.getLogger(ApiKeyEndpoints.class);

  private final ApiKeyQueries keys;
  private final NetworkQueries networks;
  private final ApiKeyAuth auth;
  private final Redis redis;
  private final Clock clock;

  public ApiKeyEndpoints(ApiKeyQueries keys, NetworkQueries networks, ApiKeyAuth auth, Redis redis, Clock clock) {
    this.keys = Objects.requireNonNull(keys);
    this.networks = Objects.requireNonNull(networks);
    this.auth = Objects.requireNonNull(auth);
    this.redis = Objects.requireNonNull(redis);
    this.clock = Objects.requireNonNull(clock);
  }

  public void register(ApiRoutes routes) {
    routes.tag("API keys")
        .get("/cpms/v1/api-keys", "cpms:api-keys:read", "List the operator's CPMS API keys (prefix/suffix only)",
            (ctx, p) -> list(p, PageRequest.from(ctx)))
        .create("/cpms/v1/api-keys", "cpms:api-keys:write", "Mint a new CPMS API key (the secret is shown once)",
            "api-key-create", (ctx, p) -> create(p, Params.queryUuid(ctx, "networkUuid"),
                BodySchemas.validated(ctx, "api-key-create")))
        .delete("/cpms/v1/api-keys/{id}", "cpms:api-keys:write", "Revoke and soft-delete an API key",
            (ctx, p) -> revoke(p, Params.pathUuid(ctx, "id")));
  }

  private Future<Reply> list(ApiPrincipal p, PageRequest page) {
    return keys.page(p.scope(), p.hasScope(Scopes.PLATFORM_ADMIN), page.pageSize(), page.offset())
        .map(found -> Reply.page(found.items().stream().map(this::render).toList(), page, found.total()));
  }

  private Future<Reply> create(ApiPrincipal p, UUID networkUuid, JsonObject body) {
    KeyGrant grant = KeyGrant.within(p, body, networkUuid, clock.instant());
    UUID[] networkIds = grant.networkIds() == null ? null : grant.networkIds().toArray(new UUID[0]);
    String prefix = ApiKeySecrets.prefix(grant.family(), grant.publishable());
    String keyClass = grant.publishable() ? KeyGrant.PUBLISHABLE : KeyGrant.SERVER_SIDE;
    String secret = ApiKeySecrets.generate(prefix);
    UUID id = UUID.randomUUID();
    // Every network of the grant must be live (a deleted one is as unknown as another operator's).
    Future<?> networkCheck = networkIds == null ? Future.succeededFuture()
        : networks.countLive(Scope.networks(grant.networkIds())).compose(n -> n == networkIds.length
            ? Future.succeededFuture() : Future.failedFuture(ApiException.notFound("Network")));
    OffsetDateTime expires = grant.expiresAt() == null ? null : grant.expiresAt().atOffset(ZoneOffset.UTC);
    String[] allowedIps = grant.allowedIps() == null ? null : grant.allowedIps().toArray(new String[0]);
    return networkCheck.compose(v -> keys.create(new ApiKeyQueries.New(id, body.getString("name"),
            body.getString("description"), grant.family(), keyClass, prefix, ApiKeySecrets.hash(secret),
            ApiKeySecrets.lastFour(secret), grant.scopes().toArray(new String[0]), networkIds, allowedIps,
            grant.rateLimitPerHour(), expires, p.keyId())))
        .map(rows -> Reply.created(new JsonObject()
            .put("id", id.toString())
            .put("name", body.getString("name"))
            .put("visibility", visibility(keyClass))
            .put("apiFamily", grant.family())
            .put("keyClass", keyClass)
            .put("keyPrefix", prefix)
            .put("last4", ApiKeySecrets.lastFour(secret))
            .put("permissions", new JsonArray(grant.scopes()))
            .put("networkIds", networkIds == null ? null : new JsonArray(grant.networkIds().stream().map(UUID::toString).toList()))
            .put("allowedIPs", grant.allowedIps() == null ? null : new JsonArray(grant.allowedIps()))
            .put("expiresAt", Json.time(expires))
            .put("rateLimitPerHour", grant.rateLimitPerHour())
            .put("key", secret)
            .put("message", "Store this key securely. It will not be shown again.")));
  }

  /**
   * Revokes in Postgres, then tells every API node (which drop the key from their caches and end
   * its event streams) before answering. If Redis cannot take the message, no node is subscribed to
   * it either, and an unsubscribed node does not cache keys: the revocation holds regardless.
   */
  private Future<Reply> revoke(ApiPrincipal p, UUID id) {
    return keys.revoke(p.scope(), p.hasScope(Scopes.PLATFORM_ADMIN), id)
        .compose(revoked -> {
          if (!revoked) {
            return Future.failedFuture(ApiException.notFound("API key"));
          }
          auth.evict(id);
          return ApiKeyRevocations.publish(redis, id)
              .recover(e -> {
                LOG.warn("api key {} revoked but the revocation could not be published: {}", id, e.getMessage());
                return Future.succeededFuture();
              })
              .map(v -> Reply.ok(new JsonObject().put("id", id.toString()).put("revoked", true).put("deleted", true)));
        });
  }

  /** The seed's visibility: Publishable for in-app keys, Private for every key a back end keeps. */
  private static String visibility(String keyClass) {
    return KeyGrant.PUBLISHABLE.equals(keyClass) ? "Publishable" : "Private";
  }

  private JsonObject render(Row r) {
    OffsetDateTime expires = r.getOffsetDateTime("expires_at");
    UUID[] networks = r.getArrayOfUUIDs("network_ids");
    String[] ips = r.getArrayOfStrings("allowed_ips");
    return new JsonObject()
        .put("id", Json.id(r.getUUID("id")))
        .put("name", r.getString("name"))
        .put("description", r.getString("description"))
        .put("keyType", "Rest")
        .put("visibility", visibility(r.getString("key_class")))
        .put("apiFamily", r.getString("family"))
        .put("keyClass", r.getString("key_class"))
        .put("keyEnvironment", "live")
        .put("keyPrefix", r.getString("prefix"))
        .put("last4", r.getString("last_four"))
        .put("permissions", new JsonArray(List.of(r.getArrayOfStrings("scopes"))))
        .put("networkIds", networks == null ? null : new JsonArray(java.util.Arrays.stream(networks).map(UUID::toString).toList()))
        .put("allowedIPs", ips == null ? null : new JsonArray(List.of(ips)))
        .put("expiresAt", Json.time(expires))
        .put("isRevoked", r.getOffsetDateTime("revoked_at") != null)
        .put("isExpired", expires != null && !expires.toInstant().isAfter(clock.instant()))
        .put("lastUsedAt", Json.time(r.getOffsetDateTime("last_used_at")))
        .put("usageCount", r.getLong("usage_count"))
        .put("rateLimitPerHour", r.getInteger("rate_limit_per_hour"))
        .put("createdAt", Json.time(r.getOffsetDateTime("created_at")));
  }
}
