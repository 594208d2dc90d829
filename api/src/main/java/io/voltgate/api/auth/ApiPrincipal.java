package io.voltgate.api.auth;

import io.voltgate.api.http.ApiException;
import io.voltgate.store.query.Scope;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The authenticated API key of a request, with the limits a key it mints may not exceed.
 *
 * @param networkIds the networks the key may see, or null for an unrestricted first-party key
 * @param allowedIps the key's IP allow-list (addresses or CIDR ranges), null or empty for any address
 * @param expiresAt when the key expires, or null if it never does
 * @param publishable whether the key is of the publishable class (shipped inside a driver app)
 * @param driver the driver whose valid access token came with the key, or null
 */
public record ApiPrincipal(UUID keyId, String name, String family, Set<String> scopes, List<UUID> networkIds,
    int rateLimitPerHour, List<String> allowedIps, Instant expiresAt, boolean publishable, Driver driver) {

  public static final String CONTEXT_KEY = "voltgate.principal";

  /**
   * A driver authenticated by an access token, within one network.
   *
   * @param expiresAt when the access token expires (a stream opened with it ends then), or null
   */
  public record Driver(UUID networkId, UUID driverId, Instant expiresAt) {

    /** A driver whose token's expiry does not matter here. */
    public Driver(UUID networkId, UUID driverId) {
      this(networkId, driverId, null);
    }
  }

  /** The same key acting for a driver of one of its networks. */
  public ApiPrincipal withDriver(Driver who) {
    return new ApiPrincipal(keyId, name, family, scopes, networkIds, rateLimitPerHour, allowedIps, expiresAt,
        publishable, who);
  }

  public boolean unrestricted() {
    return networkIds == null;
  }

  /**
   * Whether the key carries the scope. A family's admin scope ({@code cpms:admin}, {@code emsp:admin}
   * ...) implies every scope of that family (the part before the first colon), but
   * {@link Scopes#PLATFORM_ADMIN} is implied by nothing and only an unrestricted key can hold it.
   */
  public boolean hasScope(String scope) {
    if (Scopes.PLATFORM_ADMIN.equals(scope)) {
      return unrestricted() && scopes.contains(scope);
    }
    if (scopes.contains(scope)) {
      return true;
    }
    int colon = scope.indexOf(':');
    return colon > 0 && scopes.contains(scope.substring(0, colon) + ":admin");
  }

  /** 403 unless the key carries the scope. */
  public void require(String scope) {
    if (!hasScope(scope)) {
      throw ApiException.forbidden("This API key lacks the scope " + scope);
    }
  }

  /** Whether a resource of this network is visible to the key (others answer 404). */
  public boolean sees(UUID networkId) {
    return networkIds == null || networkIds.contains(networkId);
  }

  /**
   * The network a new resource goes to: {@code requested} (a {@code networkId} of the body) when
   * given, 404 for one the key does not serve (as an unknown id); else the one network the key
   * serves, and a key of several networks (or all) must name it (400 naming {@code networkId}).
   */
  public UUID targetNetwork(String requested) {
    if (requested != null) {
      UUID id = UUID.fromString(requested);
      if (!sees(id)) {
        throw ApiException.notFound("Network");
      }
      return id;
    }
    if (networkIds == null || networkIds.size() != 1) {
      throw ApiException.badRequest("networkId", "This API key serves several networks: name the networkId");
    }
    return networkIds.get(0);
  }

  /**
   * The key's networks as an array, or null when unrestricted. Queries take {@link #scope()}
   * instead, which renders the SQL condition.
   */
  public UUID[] networkFilter() {
    return networkIds == null ? null : networkIds.toArray(new UUID[0]);
  }

  /**
   * The query scope of the request: the driver's own data when a driver token came with the key,
   * else the key's networks, or every network for an unrestricted key.
   */
  public Scope scope() {
    if (driver != null) {
      return Scope.driver(driver.networkId(), driver.driverId());
    }
    return networkIds == null ? Scope.unrestricted() : Scope.networks(networkIds);
  }

  /**
   * The scope of what a network publishes to drivers (its chargers, locations, tariffs, branding):
   * the key's networks, or for a driver the driver's own network. {@link #scope()} gives a driver
   * only the rows the driver owns, which would hide the very map the app shows; a network's public
   * catalogue is not a driver's own data, so discovery reads take this scope instead.
   */
  public Scope catalogueScope() {
    if (driver != null) {
      return Scope.networks(Set.of(driver.networkId()));
    }
    return scope();
  }

  /** Whether the driver's access token that came with the key has expired at this instant (false without one). */
  public boolean driverTokenExpiredAt(Instant now) {
    return driver != null && driver.expiresAt() != null && !driver.expiresAt().isAfter(now);
  }

  /** Whether the key has expired at this instant. */
  public boolean expiredAt(Instant now) {
    return expiresAt != null && !expiresAt.isAfter(now);
  }
}
