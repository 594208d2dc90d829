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

  /** A one-line description of a scope. */
  public static String describe(String scope) {
    return switch (scope) {
      case "cpms:control" -> "Live control of chargers (remote start/stop, reset, unlock, availability, configuration, firmware, diagnostics, charging limits)";
      case "cpms:money" -> "Money movements: refunds and payouts";
      case "cpms:admin" -> "Every scope, including managing API keys and team members";
      default -> {
        String[] parts = scope.split(":");
        String family = parts.length > 1 ? parts[1].replace('-', ' ') : scope;
        yield parts.length > 2 && "write".equals(parts[2]) ? "Create, change and delete " + family : "Read " + family;
      }
    };
  }
}
