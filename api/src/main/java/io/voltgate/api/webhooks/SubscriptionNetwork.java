package io.voltgate.api.webhooks;

import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.http.ApiException;
import java.util.UUID;

/**
 * Which network a new webhook subscription belongs to, the same rule in every family: the one the
 * caller names (one of the key's networks, else 404 as an unknown network), else the key's only
 * network; an unrestricted key naming none subscribes to every network (null).
 */
public final class SubscriptionNetwork {

  private SubscriptionNetwork() {
  }

  /**
   * @param requested the network the request names, or null
   * @param field how the request names it (the 400 for a key of several networks names it)
   */
  public static UUID of(ApiPrincipal p, UUID requested, String field) {
    if (requested != null) {
      if (!p.sees(requested)) {
        throw ApiException.notFound("Network");
      }
      return requested;
    }
    if (p.unrestricted()) {
      return null;
    }
    if (p.networkIds().size() == 1) {
      return p.networkIds().get(0);
    }
    throw ApiException.badRequest(field, field + " is required for a key with several networks");
  }
}
