package io.voltgate.api.auth;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The scope vocabularies published at {@code GET /.well-known/scopes}, one per API family: the
 * {@code cpms:*} scopes (read/write per resource family, plus live control, money and admin) with
 * {@link #PLATFORM_ADMIN}, which manages networks across tenants and is not implied by
 * {@link #CPMS_ADMIN}; the {@code emsp:*} scopes of driver apps and partner back ends, with the subset
 * a publishable (in-app) key may hold; the {@code emp:*} scopes of charging-key partners. A family's
 * {@code <family>:admin} implies every scope of that family and no other.
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
      "cpms:ocpp-log:read",
      "cpms:emp-orders:write",
      "cpms:fraud:read", "cpms:fraud:write",
      "cpms:control",
      "cpms:money",
      CPMS_ADMIN);

  /** Scopes outside the operator vocabulary. */
  public static final List<String> PLATFORM = List.of(PLATFORM_ADMIN);

  /** The driver API ({@code /emsp/v1}). */
  public static final List<String> EMSP = List.of(
      "emsp:driver-accounts",
      "emsp:drivers:read", "emsp:drivers:write",
      "emsp:tokens:read", "emsp:tokens:write",
      "emsp:chargers:read", "emsp:locations:read", "emsp:tariffs:read",
      "emsp:charging",
      "emsp:sessions:read", "emsp:transactions:read", "emsp:invoices:write",
      "emsp:payments",
      "emsp:driver-content",
      "emsp:events:read",
      "emsp:webhooks:read", "emsp:webhooks:write",
      "emsp:analytics:read", "emsp:reports:read",
      "emsp:admin");

  /**
   * What a publishable eMSP key (one shipped inside a driver app, so public) may hold: the driver's
   * own flows. Its calls that read or change a driver's data also need the driver's access token.
   */
  public static final List<String> EMSP_PUBLISHABLE = List.of(
      "emsp:driver-accounts", "emsp:tokens:read",
      "emsp:chargers:read", "emsp:locations:read", "emsp:tariffs:read",
      "emsp:charging", "emsp:sessions:read", "emsp:transactions:read",
      "emsp:payments", "emsp:driver-content", "emsp:events:read");

  /** The charging-key API ({@code /emp/v1}). */
  public static final List<String> EMP = List.of(
      "emp:charging-keys:read", "emp:charging-keys:write",
      "emp:orders:read", "emp:orders:write",
      "emp:sessions:read", "emp:sessions:write",
      "emp:admin");

  /** The API families whose keys the operator mints, each with its vocabulary. */
  public static final Map<String, List<String>> BY_FAMILY = orderedMap("cpms",
      Stream.concat(CPMS.stream(), PLATFORM.stream()).toList(), "emsp", EMSP, "emp", EMP);

  /** Every scope a key can carry. */
  public static final List<String> ALL = BY_FAMILY.values().stream().flatMap(List::stream).toList();

  /** The vocabulary of a key family, or null for an unknown family. */
  public static List<String> of(String family) {
    return BY_FAMILY.get(family);
  }

  private static Map<String, List<String>> orderedMap(Object... pairs) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      @SuppressWarnings("unchecked")
      List<String> scopes = (List<String>) pairs[i + 1];
      map.put((String) pairs[i], scopes);
    }
    return Collections.unmodifiableMap(map);
  }

  private Scopes() {
  }

  /** A one-line description of a scope. */
  public static String describe(String scope) {
    return switch (scope) {
      case "cpms:control" -> "Live control of chargers (remote start/stop, reset, unlock, availability, configuration, firmware, diagnostics, charging limits)";
      case "cpms:money" -> "Money movements: refunds and payouts";
      case CPMS_ADMIN -> "Every cpms scope, including managing API keys and team members";
      case "emsp:admin" -> "Every emsp scope";
      case "emp:admin" -> "Every emp scope";
      case "cpms:fraud:read" -> "Read fraud holds and drivers' anti-fraud status (phone verification, hold, unpaid balance)";
      case "cpms:fraud:write" -> "Clear drivers' fraud holds and waive their unpaid balances on the operator's networks";
      case "cpms:ocpp-log:read" -> "Read chargers' OCPP message log: frames in and out, exchanges, export and live tail";
      case "cpms:emp-orders:write" -> "Record charging-key orders for the EMP partners of the operator's networks";
      case "emsp:driver-accounts" -> "Driver sign-up, login, token refresh and password reset";
      case "emsp:charging" -> "Start, stop and schedule charging, reservations, and a driver's own charger control and limits";
      case "emsp:payments" -> "Payment configuration, saved cards and checkout";
      case "emsp:driver-content" -> "A driver's favourites, reviews, problem reports, notification preferences and push subscriptions";
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
