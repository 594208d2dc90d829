package io.voltgate.api.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voltgate.api.http.ApiException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What a newly minted key gets: never more than the key that mints it. Each limit the request
 * leaves out is inherited from the minter; each it sets must lie within the minter's — scopes a
 * subset of the minter's, networks a subset, expiry no later, every allowed-IP range inside one of
 * the minter's, rate limit no higher. Exceeding the minter is 403; a malformed or contradictory
 * request is 400; a network the minter cannot see is 404, as everywhere.
 *
 * <p>An operator mints keys for its partners' API families too ({@code apiFamily} emsp or emp, and
 * for emsp the {@code Publishable} class of keys shipped inside driver apps). Their scopes come
 * from that family's vocabulary, which no operator key holds, so minting one takes
 * {@code cpms:admin} instead; networks, expiry, allowed IPs and rate limit stay within the minter's.
 *
 * @param family the key's API family: cpms, emsp or emp
 * @param publishable whether the key is of the publishable (in-app) class
 *
 * @param networkIds null for an unrestricted key
 * @param expiresAt null if the key never expires
 * @param allowedIps null or empty for any address
 */
public record KeyGrant(String family, boolean publishable, List<String> scopes, List<UUID> networkIds,
    Instant expiresAt, List<String> allowedIps, int rateLimitPerHour) {

  /** The class of a key shipped inside an app. */
  public static final String PUBLISHABLE = "Publishable";
  /** The class of a key a back end keeps secret. */
  public static final String SERVER_SIDE = "ServerSide";

  /**
   * The grant of a key minted by {@code minter} from an {@code api-key-create} body (already
   * schema-validated) and the optional {@code networkUuid} query parameter.
   *
   * @throws ApiException 400, 403 or 404 as described on the type
   */
  public static KeyGrant within(ApiPrincipal minter, JsonObject body, UUID queryNetwork, Instant now) {
    List<UUID> networks = networks(minter, body.getJsonArray("networkIds"), queryNetwork);
    String family = body.getString("apiFamily", "cpms");
    boolean publishable = PUBLISHABLE.equals(body.getString("keyClass", SERVER_SIDE));
    if (publishable && !"emsp".equals(family)) {
      throw ApiException.badRequest("keyClass", "Only emsp keys can be Publishable");
    }
    List<String> scopes = "cpms".equals(family)
        ? scopes(minter, body.getJsonArray("scopes"), networks == null)
        : partnerScopes(minter, family, publishable, body.getJsonArray("scopes"));
    return new KeyGrant(family, publishable, scopes, networks,
        expiry(minter, body.getString("expiresAt"), now), allowedIps(minter, body.getJsonArray("allowedIPs")),
        rateLimit(minter, body.getInteger("rateLimitPerHour")));
  }

  private static List<String> scopes(ApiPrincipal minter, JsonArray requested, boolean unrestricted) {
    if (requested == null) {
      // Everything the minter may do in the operator vocabulary; platform:admin only when asked for.
      return Scopes.CPMS.stream().filter(minter::hasScope).toList();
    }
    Set<String> scopes = new LinkedHashSet<>();
    for (Object o : requested) {
      String scope = (String) o;
      if (!Scopes.of("cpms").contains(scope)) {
        throw ApiException.badRequest("scopes", "unknown scope " + scope + " (see GET /.well-known/scopes)");
      }
      if (!minter.hasScope(scope)) {
        throw ApiException.forbidden("A key cannot grant the scope " + scope + " it does not have");
      }
      if (Scopes.PLATFORM_ADMIN.equals(scope) && !unrestricted) {
        throw ApiException.badRequest("scopes", Scopes.PLATFORM_ADMIN
            + " can only be granted to an unrestricted key (without networkIds or networkUuid)");
      }
      scopes.add(scope);
    }
    return List.copyOf(scopes);
  }

  private static List<String> partnerScopes(ApiPrincipal minter, String family, boolean publishable,
      JsonArray requested) {
    if (!minter.hasScope(Scopes.CPMS_ADMIN)) {
      throw ApiException.forbidden("Minting a key of the " + family + " API needs " + Scopes.CPMS_ADMIN);
    }
    List<String> allowed = publishable ? Scopes.EMSP_PUBLISHABLE
        : Scopes.of(family).stream().filter(s -> !s.equals(family + ":admin")).toList();
    if (requested == null) {
      return allowed;
    }
    Set<String> scopes = new LinkedHashSet<>();
    for (Object o : requested) {
      String scope = (String) o;
      if (!Scopes.of(family).contains(scope)) {
        throw ApiException.badRequest("scopes", "unknown " + family + " scope " + scope + " (see GET /.well-known/scopes)");
      }
      if (publishable && !Scopes.EMSP_PUBLISHABLE.contains(scope)) {
        throw ApiException.badRequest("scopes", "A publishable key cannot hold " + scope);
      }
      scopes.add(scope);
    }
    return List.copyOf(scopes);
  }

  private static List<UUID> networks(ApiPrincipal minter, JsonArray requested, UUID queryNetwork) {
    if (requested != null && queryNetwork != null) {
      throw ApiException.badRequest("networkIds", "Give networkIds in the body or networkUuid in the query, not both");
    }
    List<UUID> wanted = new ArrayList<>();
    if (queryNetwork != null) {
      wanted.add(queryNetwork);
    } else if (requested != null) {
      if (requested.isEmpty()) {
        throw ApiException.badRequest("networkIds", "networkIds must name at least one network (leave it out to inherit)");
      }
      for (int i = 0; i < requested.size(); i++) {
        try {
          wanted.add(UUID.fromString(requested.getString(i)));
        } catch (IllegalArgumentException e) {
          throw ApiException.badRequest("networkIds/" + i, "not a network UUID");
        }
      }
    } else {
      return minter.networkIds() == null ? null : List.copyOf(minter.networkIds());
    }
    for (UUID network : wanted) {
      if (!minter.sees(network)) {
        throw ApiException.notFound("Network");
      }
    }
    return List.copyOf(new LinkedHashSet<>(wanted));
  }

  private static Instant expiry(ApiPrincipal minter, String requested, Instant now) {
    if (requested == null) {
      return minter.expiresAt();
    }
    Instant expires;
    try {
      expires = OffsetDateTime.parse(requested).toInstant();
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest("expiresAt", "expiresAt must be an ISO-8601 date-time with offset");
    }
    if (!expires.isAfter(now)) {
      throw ApiException.badRequest("expiresAt", "expiresAt must be in the future");
    }
    if (minter.expiresAt() != null && expires.isAfter(minter.expiresAt())) {
      throw ApiException.forbidden("A key cannot outlive the key that mints it: expiresAt must be at or before "
          + minter.expiresAt());
    }
    return expires;
  }

  private static List<String> allowedIps(ApiPrincipal minter, JsonArray requested) {
    boolean minterConfined = minter.allowedIps() != null && !minter.allowedIps().isEmpty();
    if (requested == null) {
      return minter.allowedIps() == null ? null : List.copyOf(minter.allowedIps());
    }
    List<String> ips = new ArrayList<>();
    for (int i = 0; i < requested.size(); i++) {
      String ip = requested.getString(i);
      if (!IpAllowList.valid(ip)) {
        throw ApiException.badRequest("allowedIPs/" + i, ip + " is not an IP address or CIDR range");
      }
      ips.add(ip.trim());
    }
    if (minterConfined) {
      if (ips.isEmpty()) {
        throw ApiException.forbidden("A key confined to " + minter.allowedIps()
            + " cannot mint a key usable from any address");
      }
      for (String ip : ips) {
        if (!IpAllowList.covers(minter.allowedIps(), ip)) {
          throw ApiException.forbidden("allowedIPs entry " + ip + " is outside this key's own allowed IPs "
              + minter.allowedIps());
        }
      }
    }
    return List.copyOf(ips);
  }

  private static int rateLimit(ApiPrincipal minter, Integer requested) {
    if (requested == null) {
      return minter.rateLimitPerHour();
    }
    // Quotas are the platform's to give: a platform administrator sets any limit (within the
    // schema's maximum); every other key only hands on as much as it has.
    if (requested > minter.rateLimitPerHour() && !minter.hasScope(Scopes.PLATFORM_ADMIN)) {
      throw ApiException.forbidden("rateLimitPerHour cannot exceed this key's own limit of "
          + minter.rateLimitPerHour() + " requests per hour");
    }
    return requested;
  }
}
