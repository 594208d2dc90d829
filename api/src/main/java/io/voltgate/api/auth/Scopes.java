package io.voltgate.api.auth;

import java.util.List;

/**
 * The {@code cpms:*} scope vocabulary published at {@code GET /.well-known/scopes}: read/write per
 * resource family, plus live control, money and admin scopes.
 */
public final class Scopes {

  public static final List<String> CPMS = List.of(
      "cpms:networks:read",
      "cpms:locations:read", "cpms:locations:write",
      "cpms:chargers:read", "cpms:chargers:write",
      "cpms:tariffs:read", "cpms:tariffs:write",
      "cpms:sessions:read",
      "cpms:transactions:read",
      "cpms:settings:read", "cpms:settings:write",
      "cpms:team:read", "cpms:team:write",
      "cpms:webhooks:read", "cpms:webhooks:write",
      "cpms:api-keys:read", "cpms:api-keys:write",
      "cpms:analytics:read",
      "cpms:firmware:read", "cpms:firmware:write",
      "cpms:events:read",
      "cpms:control",
      "cpms:money",
      "cpms:admin");

  private Scopes() {
  }
}
