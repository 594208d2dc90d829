package io.voltgate.store.query;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Where a scope's tariffs apply: one active assignment per target (network, location, charger or
 * connector). Targets are looked up in the tariff's own network, which the caller found through
 * {@link #tariffNetwork} within its scope.
 */
public final class TariffAssignmentQueries {

  /**
   * The one rule for which tariff applies to a connector at an instant, written once for billing
   * and the driver API: the most specific assignment (connector, charger, location, network) in
   * effect at that instant, else the most specific one active now; the latest of a level wins.
   * The arguments are SQL expressions (parameters such as {@code $3}, or columns of an enclosing
   * query for a {@code LATERAL} join); the tariff is aliased {@code t}, so {@code columns} name its
   * columns as {@code t.name}. Answers at most one row.
   */
  public static String effectiveTariff(String columns, String network, String location, String charger,
      String connector, String at) {
    String inEffect = "(a.created_at <= " + at + " AND (a.deactivated_at IS NULL OR a.deactivated_at > " + at + "))";
    return "SELECT " + columns + " FROM tariff_assignments a"
        + " JOIN tariffs t ON t.id = a.tariff_id AND t.network_id = " + network
        + " WHERE ((a.scope_type = 'connector' AND a.scope_id = " + connector + ")"
        + " OR (a.scope_type = 'charger' AND a.scope_id = " + charger + ")"
        + " OR (a.scope_type = 'location' AND a.scope_id = " + location + ")"
        + " OR (a.scope_type = 'network' AND a.scope_id = " + network + "))"
        + " AND (" + inEffect + " OR a.deactivated_at IS NULL)"
        + " ORDER BY " + inEffect + " DESC,"
        + " CASE a.scope_type WHEN 'connector' THEN 0 WHEN 'charger' THEN 1 WHEN 'location' THEN 2 ELSE 3 END,"
        + " a.created_at DESC LIMIT 1";
  }

  private final Pool pg;

  public TariffAssignmentQueries(Pool pg) {
    this.pg = Objects.requireNonNull(pg);
  }

  /** The tariff columns {@link #inEffectForConnectorsOf} answers, besides {@code connector_id}. */
  public static final String PRICE_COLUMNS = "t.id AS tariff_id, t.name AS tariff_name, t.currency,"
      + " t.energy_rate_per_kwh, t.time_rate_per_hour, t.session_fee, t.idle_fee_per_hour, t.idle_fee_enabled,"
      + " t.idle_grace_minutes, t.is_free";

  /**
   * The tariff in effect now for each live connector of a charger the caller already found within
   * its scope, by {@link #effectiveTariff} (the rule billing prices with): rows of
   * {@code connector_id} and {@link #PRICE_COLUMNS} (null columns when no tariff applies).
   */
  public Future<Map<UUID, Row>> inEffectForConnectorsOf(UUID chargerId) {
    return pg.preparedQuery("SELECT k.id AS connector_id, p.* FROM connectors k JOIN chargers c ON c.id = k.charger_id"
            + " LEFT JOIN LATERAL (" + effectiveTariff(PRICE_COLUMNS, "c.network_id", "c.location_id", "c.id", "k.id", "now()")
            + ") p ON true WHERE k.charger_id = $1 AND k.deleted_at IS NULL")
        .execute(Tuple.of(chargerId))
        .map(rows -> {
          Map<UUID, Row> out = new HashMap<>();
          rows.forEach(r -> out.put(r.getUUID("connector_id"), r));
          return out;
        });
  }

  /** The network of a live tariff of the scope, or empty. */
  public Future<Optional<UUID>> tariffNetwork(Scope scope, UUID tariffId) {
    return pg.preparedQuery("SELECT network_id FROM tariffs WHERE id = $2 AND deleted_at IS NULL"
            + " AND " + scope.networkPredicate("network_id", 1))
        .execute(Tuple.of(scope.networkBind(), tariffId))
        .map(rows -> Rows.first(rows).map(r -> r.getUUID("network_id")));
  }

  /** Where a charger (or a connector's charger) is: the charger and its location (null when unplaced). */
  public record Place(UUID chargerId, UUID locationId) {
  }

  /** A live connector of a live charger on the network (within the scope), or empty. */
  public Future<Optional<Place>> connector(Scope scope, UUID network, UUID connector) {
    return one(scope, network, "SELECT c.charger_id, ch.location_id FROM connectors c JOIN chargers ch ON ch.id = c.charger_id"
        + " WHERE c.id = $1 AND c.deleted_at IS NULL AND ch.deleted_at IS NULL AND ch.network_id = $2", connector)
        .map(found -> found.map(r -> new Place(r.getUUID("charger_id"), r.getUUID("location_id"))));
  }

  /** A live charger on the network (within the scope), or empty. */
  public Future<Optional<Place>> charger(Scope scope, UUID network, UUID charger) {
    return one(scope, network, "SELECT id, location_id FROM chargers WHERE id = $1 AND deleted_at IS NULL AND network_id = $2",
        charger)
        .map(found -> found.map(r -> new Place(r.getUUID("id"), r.getUUID("location_id"))));
  }

  /** Whether the location is live and on the network (within the scope). */
  public Future<Boolean> location(Scope scope, UUID network, UUID location) {
    return one(scope, network, "SELECT id FROM locations WHERE id = $1 AND deleted_at IS NULL AND network_id = $2", location)
        .map(Optional::isPresent);
  }

  private Future<Optional<Row>> one(Scope scope, UUID network, String sql, UUID id) {
    if (!scope.sees(network)) {
      return Future.succeededFuture(Optional.empty());
    }
    return pg.preparedQuery(sql).execute(Tuple.of(id, network)).map(Rows::first);
  }

  /**
   * @param replaced the assignment this one replaced on the target, or null
   * @param unchanged true when the tariff was already the target's (nothing written; {@code id} is the existing one)
   */
  public record Assigned(UUID id, UUID replaced, boolean unchanged) {
  }

  /**
   * Makes the tariff the target's active one, replacing (deactivating) another; the target's row is
   * locked meanwhile. Two concurrent first assignments of one target fail with the unique violation.
   */
  public Future<Assigned> assign(UUID tariffId, String scopeType, UUID scopeId) {
    return pg.withTransaction(conn -> conn.preparedQuery("SELECT id, tariff_id FROM tariff_assignments WHERE scope_type = $1"
            + " AND scope_id = $2 AND deactivated_at IS NULL FOR UPDATE")
        .execute(Tuple.of(scopeType, scopeId))
        .compose(existing -> {
          Row current = existing.size() > 0 ? existing.iterator().next() : null;
          if (current != null && tariffId.equals(current.getUUID("tariff_id"))) {
            return Future.succeededFuture(new Assigned(current.getUUID("id"), null, true));
          }
          UUID replaced = current == null ? null : current.getUUID("id");
          Future<?> detach = replaced == null ? Future.succeededFuture()
              : conn.preparedQuery("UPDATE tariff_assignments SET deactivated_at = now() WHERE id = $1")
                  .execute(Tuple.of(replaced));
          UUID id = UUID.randomUUID();
          return detach.compose(v -> conn.preparedQuery("INSERT INTO tariff_assignments (id, tariff_id, scope_type,"
                  + " scope_id) VALUES ($1, $2, $3, $4)").execute(Tuple.of(id, tariffId, scopeType, scopeId)))
              .map(v -> new Assigned(id, replaced, false));
        }));
  }

  /**
   * An active assignment and where it applies: the location is the assigned one, or the charger's.
   *
   * @param scopeType network, location, charger or connector
   */
  public record Assignment(UUID id, String scopeType, OffsetDateTime createdAt, UUID networkId, UUID locationId,
      UUID chargerId, UUID connectorId) {
  }

  /** The active assignments of a live tariff of the scope, oldest first; empty when there is no such tariff. */
  public Future<Optional<List<Assignment>>> list(Scope scope, UUID tariffId) {
    return tariffNetwork(scope, tariffId).compose(found -> found.isEmpty() ? Future.succeededFuture(Optional.empty())
        : pg.preparedQuery("SELECT a.id, a.scope_type, a.created_at, t.network_id,"
                + " cn.id AS connector_id, ch.id AS charger_id,"
                + " CASE a.scope_type WHEN 'location' THEN a.scope_id ELSE ch.location_id END AS location_id"
                + " FROM tariff_assignments a JOIN tariffs t ON t.id = a.tariff_id"
                + " LEFT JOIN connectors cn ON a.scope_type = 'connector' AND cn.id = a.scope_id"
                + " LEFT JOIN chargers ch ON ch.id = CASE a.scope_type WHEN 'connector' THEN cn.charger_id"
                + "   WHEN 'charger' THEN a.scope_id END"
                + " WHERE a.tariff_id = $1 AND a.deactivated_at IS NULL ORDER BY a.created_at, a.id")
            .execute(Tuple.of(tariffId))
            .map(rows -> {
              List<Assignment> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(new Assignment(r.getUUID("id"), r.getString("scope_type"), r.getOffsetDateTime("created_at"),
                    r.getUUID("network_id"), r.getUUID("location_id"), r.getUUID("charger_id"), r.getUUID("connector_id")));
              }
              return Optional.of(out);
            }));
  }

  /** Deactivates an active assignment of a tariff of the scope; completes with false when there is none. */
  public Future<Boolean> detach(Scope scope, UUID assignmentId) {
    return pg.preparedQuery("UPDATE tariff_assignments a SET deactivated_at = now() FROM tariffs t"
            + " WHERE a.id = $2 AND t.id = a.tariff_id AND a.deactivated_at IS NULL"
            + " AND " + scope.networkPredicate("t.network_id", 1) + " RETURNING a.id")
        .execute(Tuple.of(scope.networkBind(), assignmentId))
        .map(rows -> rows.size() > 0);
  }
}
