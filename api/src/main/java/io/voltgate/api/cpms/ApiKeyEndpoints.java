package io.voltgate.api.cpms;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.voltgate.api.ApiServices;
import io.voltgate.api.auth.ApiKeySecrets;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.auth.ApiKeyRevocations;
import io.voltgate.api.auth.KeyGrant;
import io.voltgate.api.auth.Scopes;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.http.ApiRoutes;
import io.voltgate.api.http.BodySchemas;
import io.voltgate.api.http.Json;
import io.voltgate.api.http.PageRequest;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
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

  private static final String COLUMNS = "id, name, description, prefix, last_four, scopes, network_ids,"
      + " allowed_ips, rate_limit_per_hour, expires_at, revoked_at, last_used_at, usage_count, created_at";

  private final ApiServices s;

  public ApiKeyEndpoints(ApiServices services) {
    this.s = Objects.requireNonNull(services);
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

  /**
   * Keys visible to a principal: all for unrestricted keys, else those confined to its networks;
   * keys holding platform:admin only to platform administrators ($3).
   */
  private static String visibility() {
    return "deleted_at IS NULL AND ($1::uuid[] IS NULL OR (network_ids IS NOT NULL AND network_ids <@ $1))"
        + " AND ($3::boolean OR NOT ('" + Scopes.PLATFORM_ADMIN + "' = ANY(scopes)))";
  }

  private Future<Reply> list(ApiPrincipal p, PageRequest page) {
    return s.pg().preparedQuery("SELECT " + COLUMNS + ", count(*) OVER () AS total FROM api_keys WHERE "
            + visibility() + " ORDER BY created_at DESC, id LIMIT $2 OFFSET $4")
        .execute(Tuple.of(p.networkFilter(), page.pageSize(), p.hasScope(Scopes.PLATFORM_ADMIN), page.offset()))
        .map(rows -> {
          List<JsonObject> items = new ArrayList<>();
          long total = 0;
          for (Row r : rows) {
            total = r.getLong("total");
            items.add(render(r));
          }
          return Reply.page(items, page, total);
        });
  }

  private Future<Reply> create(ApiPrincipal p, UUID networkUuid, JsonObject body) {
    KeyGrant grant = KeyGrant.within(p, body, networkUuid, s.clock().instant());
    UUID[] networks = grant.networkIds() == null ? null : grant.networkIds().toArray(new UUID[0]);
    String secret = ApiKeySecrets.generate(ApiKeySecrets.CPMS_PREFIX);
    UUID id = UUID.randomUUID();
    Future<?> networkCheck = networks == null ? Future.succeededFuture()
        : s.pg().preparedQuery("SELECT count(*)::int AS n FROM networks WHERE id = ANY($1) AND deleted_at IS NULL")
            .execute(Tuple.of((Object) networks)).compose(rows -> rows.iterator().next().getInteger("n") == networks.length
                ? Future.succeededFuture() : Future.failedFuture(ApiException.notFound("Network")));
    OffsetDateTime expires = grant.expiresAt() == null ? null : grant.expiresAt().atOffset(ZoneOffset.UTC);
    String[] allowedIps = grant.allowedIps() == null ? null : grant.allowedIps().toArray(new String[0]);
    return networkCheck.compose(v -> s.pg().preparedQuery("INSERT INTO api_keys (id, name, description, family, prefix,"
            + " key_hash, last_four, scopes, network_ids, allowed_ips, rate_limit_per_hour, expires_at, created_by)"
            + " VALUES ($1, $2, $3, 'cpms', $4, $5, $6, $7, $8, $9, $10, $11, $12)")
        .execute(Tuple.from(new Object[] {id, body.getString("name"), body.getString("description"),
            ApiKeySecrets.CPMS_PREFIX, ApiKeySecrets.hash(secret), ApiKeySecrets.lastFour(secret),
            grant.scopes().toArray(new String[0]), networks, allowedIps, grant.rateLimitPerHour(),
            expires, p.keyId()})))
        .map(rows -> Reply.created(new JsonObject()
            .put("id", id.toString())
            .put("name", body.getString("name"))
            .put("visibility", "Private")
            .put("apiFamily", "cpms")
            .put("keyClass", "ServerSide")
            .put("keyPrefix", ApiKeySecrets.CPMS_PREFIX)
            .put("last4", ApiKeySecrets.lastFour(secret))
            .put("permissions", new JsonArray(grant.scopes()))
            .put("networkIds", networks == null ? null : new JsonArray(grant.networkIds().stream().map(UUID::toString).toList()))
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
    return s.pg().preparedQuery("UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now()), deleted_at = now()"
            + " WHERE id = $2 AND " + visibility() + " RETURNING id")
        .execute(Tuple.of(p.networkFilter(), id, p.hasScope(Scopes.PLATFORM_ADMIN)))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(ApiException.notFound("API key"));
          }
          s.auth().evict(id);
          return ApiKeyRevocations.publish(s.redis(), id)
              .recover(e -> {
                LOG.warn("api key {} revoked but the revocation could not be published: {}", id, e.getMessage());
                return Future.succeededFuture();
              })
              .map(v -> Reply.ok(new JsonObject().put("id", id.toString()).put("revoked", true).put("deleted", true)));
        });
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
        .put("visibility", "Private")
        .put("apiFamily", "cpms")
        .put("keyClass", "ServerSide")
        .put("keyEnvironment", "live")
        .put("keyPrefix", r.getString("prefix"))
        .put("last4", r.getString("last_four"))
        .put("permissions", new JsonArray(List.of(r.getArrayOfStrings("scopes"))))
        .put("networkIds", networks == null ? null : new JsonArray(java.util.Arrays.stream(networks).map(UUID::toString).toList()))
        .put("allowedIPs", ips == null ? null : new JsonArray(List.of(ips)))
        .put("expiresAt", Json.time(expires))
        .put("isRevoked", r.getOffsetDateTime("revoked_at") != null)
        .put("isExpired", expires != null && !expires.toInstant().isAfter(s.clock().instant()))
        .put("lastUsedAt", Json.time(r.getOffsetDateTime("last_used_at")))
        .put("usageCount", r.getLong("usage_count"))
        .put("rateLimitPerHour", r.getInteger("rate_limit_per_hour"))
        .put("createdAt", Json.time(r.getOffsetDateTime("created_at")));
  }
}
