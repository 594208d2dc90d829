package io.voltgate.api.emsp;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.family.Caller;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.http.BodySchemas;
import io.voltgate.api.http.Json;
import io.voltgate.api.http.PageRequest;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import io.voltgate.services.drivers.AppTokenUids;
import io.voltgate.services.drivers.ContractIdIssuer;
import io.voltgate.store.model.ContractIds;
import io.voltgate.store.query.DriverQueries;
import io.voltgate.store.query.IdTokenQueries;
import io.voltgate.store.query.NetworkQueries;
import io.voltgate.store.query.Scope;
import io.voltgate.store.redis.RedisKeys;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authorization tokens of drivers ({@code /emsp/v1/auth/tokens}): what a charger is shown (the
 * {@code uid}, an OCPP idTag / IdToken) and its eMI3 contract id. A back end lists, creates and
 * invalidates its network's tokens; a driver app with the driver's token sees and invalidates the
 * driver's own. An invalidated token is refused by the next Authorize on every gateway node: the row
 * is marked first, then its cached answer in Redis is dropped before the reply.
 */
public final class TokenEndpoints {

  private static final Logger LOG = LoggerFactory.getLogger(TokenEndpoints.class);

  private final IdTokenQueries tokens;
  private final DriverQueries drivers;
  private final ContractIdIssuer contractIds;
  private final Redis redis;

  public TokenEndpoints(IdTokenQueries tokens, DriverQueries drivers, NetworkQueries networks, Redis redis) {
    this.tokens = Objects.requireNonNull(tokens);
    this.drivers = Objects.requireNonNull(drivers);
    this.contractIds = new ContractIdIssuer(networks);
    this.redis = Objects.requireNonNull(redis);
  }

  public void register(ApiRoutes routes) {
    routes.tag("Tokens").callers(Caller.KEY_OR_DRIVER)
        .get("/emsp/v1/auth/tokens", "emsp:tokens:read", "Returns a paginated list of tokens for a user.", (ctx, p) -> {
          PageRequest page = PageRequest.from(ctx, EmspApi.DEFAULT_PAGE_SIZE);
          return tokens.page(p.scope(), Params.queryUuid(ctx, "userId"), page.pageSize(), page.offset())
              .map(found -> Reply.navigablePage(found.items().stream().map(TokenEndpoints::render).toList(), page,
                  found.total()));
        })
        .get("/emsp/v1/auth/tokens/{id}", "emsp:tokens:read", "Returns detailed information about a specific token.",
            (ctx, p) -> tokens.find(p.scope(), Params.pathUuid(ctx, "id"))
                .map(found -> Reply.ok(render(found.orElseThrow(() -> ApiException.notFound("Token"))))))
        .delete("/emsp/v1/auth/tokens/{id}", "emsp:tokens:write",
            "Invalidates (soft-deletes) a token so it can no longer be used for authorization",
            (ctx, p) -> invalidate(p.scope(), Params.pathUuid(ctx, "id")))
        .callers(Caller.KEY)
        .create("/emsp/v1/auth/tokens", "emsp:tokens:write", "Creates a new authentication token for a user.",
            "emsp-token-create", (ctx, p) -> create(p, BodySchemas.validated(ctx, "emsp-token-create")));
  }

  private Future<Reply> create(ApiPrincipal p, JsonObject b) {
    UUID userId = UUID.fromString(b.getString("userId"));
    String contractId = b.getString("contractId");
    if (contractId != null && !ContractIds.valid(contractId)) {
      throw ApiException.badRequest("contractId", "contractId must be an eMI3 id (CC-PPP-XXXXXXXXX-C) with a correct check digit");
    }
    Instant expires = b.getString("expiresAt") == null ? null : Instant.parse(b.getString("expiresAt"));
    return drivers.find(p.scope(), userId)
        .map(found -> found.orElseThrow(() -> ApiException.notFound("User")))
        .compose(user -> (contractId != null ? Future.succeededFuture(contractId.toUpperCase(Locale.ROOT))
                : contractIds.next(user.networkId()))
            .compose(contract -> tokens.create(new IdTokenQueries.NewToken(UUID.randomUUID(), user.networkId(), user.id(),
                b.getString("uid") != null ? b.getString("uid") : AppTokenUids.next(), contract,
                b.getString("tokenType", "APP_USER"), b.getString("alias"),
                expires == null ? null : expires.atOffset(ZoneOffset.UTC)))))
        .map(t -> Reply.created(render(t)));
  }

  private Future<Reply> invalidate(Scope scope, UUID id) {
    return tokens.invalidate(scope, id).compose(uid -> {
      if (uid.isEmpty()) {
        return Future.failedFuture(ApiException.notFound("Token"));
      }
      return redis.send(Request.cmd(Command.DEL).arg(RedisKeys.idToken(uid.get())))
          .recover(e -> {
            // The cached answer lives 60 s at most: a lost delete delays the refusal, never cancels it.
            LOG.warn("token {} invalidated but its cached answer could not be dropped: {}", id, e.getMessage());
            return Future.succeededFuture();
          })
          .map(v -> Reply.ok(new JsonObject().put("tokenId", id.toString()).put("action", "invalidate")
              .put("success", true).put("message", "Token has been invalidated successfully")));
    });
  }

  static JsonObject render(IdTokenQueries.Token t) {
    return new JsonObject()
        .put("id", t.id().toString())
        .put("uid", t.uid())
        .put("contractId", t.contractId())
        .put("tokenType", t.tokenType())
        .put("alias", t.alias())
        .put("valid", t.valid())
        .put("userId", t.userId() == null ? null : t.userId().toString())
        .put("createdAt", Json.time(t.createdAt()))
        .put("expiresAt", Json.time(t.expiresAt()))
        .put("lastUsedAt", Json.time(t.lastUsedAt()));
  }
}
