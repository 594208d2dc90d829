package io.voltgate.store.query;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The EMP API's remote sessions ({@code /emp/v1/sessions}, docs/emp-sessions.md): the connectors a
 * start may name, the remote starts (table {@code emp_remote_sessions}, V21) and the charging
 * session each is linked to once the charger confirmed it. Every read is within the caller's
 * networks ({@link Scope#networkPredicate}); anything else answers as if it did not exist.
 */
public final class EmpSessionQueries {

  /** A live connector of a live charger of the scope; {@code evseId} is what a remote start names. */
  public record Connector(UUID connectorPk, UUID networkId, UUID chargerId, int evseId) {
  }

  /**
   * A remote start.
   *
   * @param startStatus {@code Requested} until the charger answered, then its answer (Accepted,
   *     Rejected) or why there was none (Offline, Timeout, Busy, CallError)
   * @param sessionId the charging session the charger created for it, null until linked
   */
  public record RemoteStart(UUID id, String publicId, UUID networkId, UUID chargerId, UUID connectorPk, int evseId,
      String idToken, String startStatus, OffsetDateTime requestedAt, UUID sessionId) {

    public boolean accepted() {
      return "Accepted".equals(startStatus);
    }
  }

  /**
   * Where a connector is, as the EMP seed's {@code charger} and {@code site} show it.
   *
   * @param country the network's country, else the location's, else null
   * @param ocppConnectorId the connector's number as the charger knows it (1.6 connectorId)
   */
  public record Place(String chargePointId, String siteName, String networkName, String country, int evseId,
      int ocppConnectorId) {
  }

  private static final String UNIQUE_VIOLATION = "23505";
  private static final String REMOTE_COLUMNS = "r.id, r.public_id, r.network_id, r.charger_id, r.connector_pk,"
      + " r.evse_id, r.id_token, r.start_status, r.requested_at, r.session_id";

  private final Pool pg;

  public EmpSessionQueries(Pool pg) {
    this.pg = Objects.requireNonNull(pg);
  }

  /** A live connector of a live charger of the scope, by the connector's id, or empty. */
  public Future<Optional<Connector>> connector(Scope scope, UUID connectorPk) {
    return pg.preparedQuery("SELECT k.id, c.network_id, c.id AS charger_id, k.evse_id FROM connectors k"
            + " JOIN chargers c ON c.id = k.charger_id WHERE k.id = $2 AND k.deleted_at IS NULL"
            + " AND c.deleted_at IS NULL AND " + scope.networkPredicate("c.network_id", 1))
        .execute(Tuple.of(scope.networkBind(), connectorPk))
        .map(rows -> Rows.first(rows).map(r -> new Connector(r.getUUID("id"), r.getUUID("network_id"),
            r.getUUID("charger_id"), r.getInteger("evse_id"))));
  }

  /**
   * Records a remote start as {@code Requested}, before the command goes out: a charger may report
   * the transaction before its answer to the command arrives, and linking only takes sessions
   * created after the request.
   */
  public Future<RemoteStart> insert(String publicId, Connector connector, UUID apiKeyId, String idToken) {
    return pg.preparedQuery("INSERT INTO emp_remote_sessions (id, public_id, network_id, api_key_id, charger_id,"
            + " connector_pk, evse_id, id_token, start_status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'Requested')"
            + " RETURNING " + REMOTE_COLUMNS.replace("r.", ""))
        .execute(Tuple.of(UUID.randomUUID(), publicId, connector.networkId(), apiKeyId, connector.chargerId(),
            connector.connectorPk(), connector.evseId(), idToken))
        .map(rows -> remote(rows.iterator().next()));
  }

  /** Stores the charger's answer to the remote start (or why there was none). */
  public Future<Void> answered(UUID id, String startStatus) {
    return pg.preparedQuery("UPDATE emp_remote_sessions SET start_status = $2 WHERE id = $1")
        .execute(Tuple.of(id, startStatus)).mapEmpty();
  }

  /**
   * A remote start of the scope by its public id, linked first to its charging session when the
   * charger has created it: the earliest session of the same EVSE and token created after the
   * request that no other remote start has. Concurrent links of one session are settled by the
   * unique {@code session_id}: the loser stays unlinked and reads as it is. A start whose answer
   * timed out is linked too: the charger may have received and acted on it all the same.
   */
  public Future<Optional<RemoteStart>> find(Scope scope, String publicId) {
    return pg.preparedQuery("UPDATE emp_remote_sessions r SET session_id = ("
            + "SELECT s.id FROM charging_sessions s WHERE s.charger_id = r.charger_id AND s.evse_id = r.evse_id"
            + " AND s.id_token = r.id_token AND s.created_at >= r.requested_at"
            + " AND NOT EXISTS (SELECT 1 FROM emp_remote_sessions o WHERE o.session_id = s.id)"
            + " ORDER BY s.created_at LIMIT 1)"
            + " WHERE r.public_id = $2 AND r.session_id IS NULL AND r.start_status IN ('Requested', 'Accepted', 'Timeout')"
            + " AND " + scope.networkPredicate("r.network_id", 1))
        .execute(Tuple.of(scope.networkBind(), publicId))
        .recover(e -> e instanceof PgException pe && UNIQUE_VIOLATION.equals(pe.getSqlState())
            ? Future.succeededFuture() : Future.failedFuture(e))
        .compose(linked -> pg.preparedQuery("SELECT " + REMOTE_COLUMNS + " FROM emp_remote_sessions r"
                + " WHERE r.public_id = $2 AND " + scope.networkPredicate("r.network_id", 1))
            .execute(Tuple.of(scope.networkBind(), publicId)))
        .map(rows -> Rows.first(rows).map(EmpSessionQueries::remote));
  }

  /** The remote start a charging session of the scope was linked to, or empty (not started remotely). */
  public Future<Optional<RemoteStart>> bySession(Scope scope, UUID sessionId) {
    return pg.preparedQuery("SELECT " + REMOTE_COLUMNS + " FROM emp_remote_sessions r WHERE r.session_id = $2 AND "
            + scope.networkPredicate("r.network_id", 1))
        .execute(Tuple.of(scope.networkBind(), sessionId))
        .map(rows -> Rows.first(rows).map(EmpSessionQueries::remote));
  }

  /** Where a connector of the scope is, or empty. */
  public Future<Optional<Place>> place(Scope scope, UUID connectorPk) {
    return pg.preparedQuery("SELECT c.charge_point_id, l.name AS site, n.name AS network,"
            + " COALESCE(n.country, l.country) AS country, k.evse_id, k.ocpp_connector_id FROM connectors k"
            + " JOIN chargers c ON c.id = k.charger_id JOIN networks n ON n.id = c.network_id"
            + " LEFT JOIN locations l ON l.id = c.location_id WHERE k.id = $2 AND "
            + scope.networkPredicate("c.network_id", 1))
        .execute(Tuple.of(scope.networkBind(), connectorPk))
        .map(rows -> Rows.first(rows).map(r -> new Place(r.getString("charge_point_id"), r.getString("site"),
            r.getString("network"), r.getString("country"), r.getInteger("evse_id"), r.getInteger("ocpp_connector_id"))));
  }

  /** The VAT rate (percent) the session's CDR was priced with, or empty before pricing. */
  public Future<Optional<BigDecimal>> cdrTaxRate(Scope scope, UUID sessionId) {
    return pg.preparedQuery("SELECT t.tax_rate FROM transactions t WHERE t.session_id = $2 AND "
            + scope.networkPredicate("t.network_id", 1))
        .execute(Tuple.of(scope.networkBind(), sessionId))
        .map(rows -> Rows.first(rows).map(r -> r.getBigDecimal("tax_rate")));
  }

  private static RemoteStart remote(Row r) {
    return new RemoteStart(r.getUUID("id"), r.getString("public_id"), r.getUUID("network_id"), r.getUUID("charger_id"),
        r.getUUID("connector_pk"), r.getInteger("evse_id"), r.getString("id_token"), r.getString("start_status"),
        r.getOffsetDateTime("requested_at"), r.getUUID("session_id"));
  }
}
