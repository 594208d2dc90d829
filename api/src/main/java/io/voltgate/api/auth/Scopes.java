package io.voltgate.api.auth;

import java.util.List;
import java.util.stream.Stream;

/**
 * The scope vocabulary published at {@code GET /.well-known/scopes}: the {@code cpms:*} scopes
 * (read/write per resource family, plus live control, money and admin) and {@link #PLATFORM_ADMIN},
 * which manages networks across tenants and is not implied by {@link #CPMS_ADMIN}.
 */
public final class Scopes {

  /** Every {@code cpms:*} scope. */
  public static final String CPMS_ADMIN = "cpms:admin";
  /** Creates and manages networks (tenants); only an unrestricted key may hold it. */
  public static final String PLATFORM_ADMIN = "platform:admin";

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
      CPMS_ADMIN);

  /** Scopes outside the operator vocabulary. */
  public static final List<String> PLATFORM = List.of(PLATFORM_ADMIN);

  /** Every scope a key can carry. */
  public static final List<String> ALL = Stream.concat(CPMS.stream(), PLATFORM.stream()).toList();

  private Scopes() {
  }

  /** A one-line description of a scope. */
  public static String describe(String scope) {
    return switch (scope) {
      case "cpms:control" -> "Live control of chargers (remote start/stop, reset, unlock, availability, configuration, firmware, diagnostics, charging limits)";
      case "cpms:money" -> "Money movements: refunds and payouts";
      case CPMS_ADMIN -> "Every cpms scope, including managing API keys and team members";
      case PLATFORM_ADMIN -> "Platform administration: create, change and delete networks (tenants) and mint keys for any"
          + " of them. Not implied by cpms:admin; only an unrestricted key can hold it";
      default -> {
        String[] parts = scope.split(":");
        String family = parts.length > 1 ? parts[1].replace('-', ' ') : scope;
        yield parts.length > 2 && "write".equals(parts[2]) ? "Create, change and delete " + family : "Read " + family;
      }
    };
  }
}
