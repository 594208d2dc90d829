package io.voltgate.api.emp;

import io.vertx.core.json.JsonObject;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.http.ApiException;
import java.util.UUID;

/** The network a new charging key or order belongs to. */
final class TargetNetwork {

  private TargetNetwork() {
  }

  /**
   * The body's {@code networkId} when given (403 for a network the API key does not serve), else the
   * one network the key serves; a key of several networks (or all) must name it (400).
   */
  static UUID of(ApiPrincipal p, JsonObject body) {
    String requested = body.getString("networkId");
    if (requested != null) {
      UUID id = UUID.fromString(requested);
      if (!p.sees(id)) {
        throw ApiException.forbidden("This API key does not serve that network");
      }
      return id;
    }
    if (p.networkIds() == null || p.networkIds().size() != 1) {
      throw ApiException.badRequest("networkId", "This API key serves several networks: name the networkId");
    }
    return p.networkIds().get(0);
  }
}
