package io.voltgate.store.query;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * Tariffs of a scope: list, detail, create, partial update and soft delete (detaching assignments).
 *
 * <p>Reads answer a row view of {@link #COLUMNS} (the tariff's own columns, rendered one to one).
 */
public final class TariffQueries {

  /** What a create or update may set. */
  public static final class Field {
    public static final Patch.Field NAME = new Patch.Field("name");
    public static final Patch.Field DESCRIPTION = new Patch.Field("description");
    public static final Patch.Field TYPE = new Patch.Field("type");
    public static final Patch.Field ENERGY_RATE = new Patch.Field("energy_rate_per_kwh");
    public static final Patch.Field TIME_RATE = new Patch.Field("time_rate_per_hour");
    public static final Patch.Field SESSION_FEE = new Patch.Field("session_fee");
    public static final Patch.Field IDLE_RATE = new Patch.Field("idle_fee_per_hour");
    public static final Patch.Field IDLE_GRACE_MINUTES = new Patch.Field("idle_grace_minutes");
    public static final Patch.Field IDLE_FEE_ENABLED = new Patch.Field("idle_fee_enabled");
    public static final Patch.Field IDLE_FEE_CAP = new Patch.Field("idle_fee_cap");
    public static final Patch.Field PEAK_START = new Patch.Field("peak_start");
    public static final Patch.Field PEAK_END = new Patch.Field("peak_end");
    public static final Patch.Field PEAK_MULTIPLIER = new Patch.Field("peak_multiplier");
    public static final Patch.Field WEEKEND_MULTIPLIER = new Patch.Field("weekend_multiplier");
    public static final Patch.Field TAX_RATE = new Patch.Field("tax_rate");
    public static final Patch.Field MIN_SESSION_FEE = new Patch.Field("min_session_fee");
    public static final Patch.Field MAX_SESSION_FEE = new Patch.Field("max_session_fee");
    public static final Patch.Field FREE = new Patch.Field("is_free");
    public static final Patch.Field EFFECTIVE_FROM = new Patch.Field("effective_from");
    public static final Patch.Field EFFECTIVE_TO = new Patch.Field("effective_to");

    private Field() {
    }
  }

  public static final String COLUMNS = "id, network_id, name, description, type, currency, energy_rate_per_kwh,"
      + " time_rate_per_hour, session_fee, idle_fee_per_hour, idle_grace_minutes, idle_fee_enabled, idle_fee_cap,"
      + " peak_start, peak_end, peak_multiplier, weekend_multiplier, tax_rate, min_session_fee, max_session_fee,"
      + " is_free, effective_from, effective_to, created_at, updated_at";

  private final Pool pg;

  public TariffQueries(Pool pg) {
    this.pg = Objects.requireNonNull(pg);
  }

  private static String visible(Scope scope) {
    return "deleted_at IS NULL AND " + scope.networkPredicate("network_id", 1);
  }

  /** The scope's live tariffs, newest first. */
  public Future<Page<Row>> page(Scope scope, int limit, int offset) {
    return Paging.page(pg, COLUMNS, "FROM tariffs WHERE " + visible(scope), "created_at DESC, id",
        Tuple.of(scope.networkBind()), limit, offset, r -> r);
  }

  /** A live tariff of the scope, or empty. */
  public Future<Optional<Row>> find(Scope scope, UUID id) {
    return pg.preparedQuery("SELECT " + COLUMNS + " FROM tariffs WHERE id = $2 AND " + visible(scope))
        .execute(Tuple.of(scope.networkBind(), id))
        .map(Rows::first);
  }

  /** A live network and its currency (a new tariff's default). */
  public record NetworkCurrency(UUID id, String currency) {
  }

  /**
   * The live networks of the scope a new tariff could go to: the one named (when given), else up
   * to two, oldest first, so the caller tells "the only one" from "several".
   */
  public Future<List<NetworkCurrency>> targetNetworks(Scope scope, UUID named) {
    return pg.preparedQuery("SELECT id, currency FROM networks WHERE deleted_at IS NULL"
            + " AND ($2::uuid IS NULL OR id = $2) AND " + scope.networkPredicate("id", 1) + " ORDER BY created_at, id LIMIT 2")
        .execute(Tuple.of(scope.networkBind(), named))
        .map(rows -> {
          List<NetworkCurrency> out = new ArrayList<>();
          rows.forEach(r -> out.add(new NetworkCurrency(r.getUUID("id"), r.getString("currency"))));
          return out;
        });
  }

  /** What a create stored. */
  public record Created(UUID id, String name, String currency, UUID networkId) {
  }

  /** Inserts a tariff on a network already chosen within the caller's scope, with the given fields. */
  public Future<Created> create(UUID id, UUID network, String currency, Patch fields) {
    List<String> columns = new ArrayList<>(List.of("id", "network_id", "currency"));
    columns.addAll(fields.columns());
    StringBuilder params = new StringBuilder();
    for (int i = 1; i <= columns.size(); i++) {
      params.append(i == 1 ? "$" : ", $").append(i);
    }
    return pg.preparedQuery("INSERT INTO tariffs (" + String.join(", ", columns) + ") VALUES (" + params
            + ") RETURNING id, name, currency, network_id")
        .execute(fields.tuple(Tuple.of(id, network, currency)))
        .map(rows -> {
          Row r = rows.iterator().next();
          return new Created(r.getUUID("id"), r.getString("name"), r.getString("currency"), r.getUUID("network_id"));
        });
  }

  /**
   * Applies the patch to a live tariff of the scope; completes with false when there is none.
   * {@code check} sees the minimum and maximum session fee after the change, inside the transaction:
   * throwing rolls the change back.
   */
  public Future<Boolean> update(Scope scope, UUID id, Patch patch, BiConsumer<BigDecimal, BigDecimal> check) {
    String sql = "UPDATE tariffs SET " + patch.assignments(3) + ", updated_at = now() WHERE id = $2 AND " + visible(scope)
        + " RETURNING id, min_session_fee, max_session_fee";
    return pg.withTransaction(conn -> conn.preparedQuery(sql).execute(patch.tuple(Tuple.of(scope.networkBind(), id)))
        .map(rows -> {
          if (rows.size() == 0) {
            return false;
          }
          Row r = rows.iterator().next();
          check.accept(r.getBigDecimal("min_session_fee"), r.getBigDecimal("max_session_fee"));
          return true;
        }));
  }

  /** Soft-deletes a live tariff of the scope and deactivates its assignments; completes with how many, or empty. */
  public Future<Optional<Integer>> softDelete(Scope scope, UUID id) {
    return pg.withTransaction(conn -> conn.preparedQuery("UPDATE tariffs SET deleted_at = now(), updated_at = now()"
            + " WHERE id = $2 AND " + visible(scope) + " RETURNING id").execute(Tuple.of(scope.networkBind(), id))
        .compose(rows -> rows.size() == 0 ? Future.succeededFuture(Optional.<Integer>empty())
            : conn.preparedQuery("UPDATE tariff_assignments SET deactivated_at = now()"
                    + " WHERE tariff_id = $1 AND deactivated_at IS NULL").execute(Tuple.of(id))
                .map(detached -> Optional.of(detached.rowCount()))));
  }
}
