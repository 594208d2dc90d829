package io.voltgate.api.control;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.voltgate.api.ApiServices;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.http.ApiRoutes;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import io.voltgate.api.payments.PaymentProvider;
import io.voltgate.store.commands.Command.Op;
import io.voltgate.store.model.EventType;
import java.util.Objects;
import java.util.UUID;

/**
 * Operator interventions on sessions: force-stop (finalise a hung session from its last known meter
 * values even if the charger never answers; the completion event lets billing produce its
 * transaction) and refund (through the payment provider; disabled by default).
 */
public final class SessionControlEndpoints {

  static final String FORCED_REASON = "ForceStopped";

  private final ApiServices s;
  private final PaymentProvider payments;

  public SessionControlEndpoints(ApiServices services, PaymentProvider payments) {
    this.s = Objects.requireNonNull(services);
    this.payments = Objects.requireNonNull(payments);
  }

  public void register(ApiRoutes routes) {
    routes.tag("Sessions")
        .post("/cpms/v1/sessions/{id}/force-stop", "cpms:control", "Finalise a hung session as COMPLETED", null, this::forceStop)
        .post("/cpms/v1/sessions/{id}/refund", "cpms:money", "Refund a session's payment", null, this::refund);
  }

  private Future<Reply> forceStop(RoutingContext ctx, ApiPrincipal p) {
    UUID id = Params.pathUuid(ctx, "id");
    return s.pg().preparedQuery("UPDATE charging_sessions x SET status = 'COMPLETED', stopped_at = now(),"
            + " stop_reason = $3, updated_at = now(),"
            + " meter_stop_wh = COALESCE(x.meter_stop_wh, (SELECT max(m.value) FROM meter_samples m WHERE m.session_id = x.id"
            + "   AND m.measurand = 'Energy.Active.Import.Register' AND m.phase IS NULL)),"
            + " energy_wh = GREATEST(0, COALESCE((SELECT max(m.value) FROM meter_samples m WHERE m.session_id = x.id"
            + "   AND m.measurand = 'Energy.Active.Import.Register' AND m.phase IS NULL) - x.meter_start_wh,"
            + "   (SELECT max(m.value) - min(m.value) FROM meter_samples m WHERE m.session_id = x.id"
            + "   AND m.measurand = 'Energy.Active.Import.Register' AND m.phase IS NULL), 0))"
            + " FROM chargers c WHERE x.id = $1 AND c.id = x.charger_id AND x.status = 'ACTIVE'"
            + " AND ($2::uuid[] IS NULL OR x.network_id = ANY($2))"
            + " RETURNING x.id, x.network_id, x.evse_id, x.connector_id, x.transaction_ref, x.ocpp16_transaction_id,"
            + " x.energy_wh, x.meter_stop_wh, c.id AS charger_id, c.charge_point_id")
        .execute(Tuple.of(id, p.networkFilter(), FORCED_REASON))
        .compose(rows -> {
          if (rows.size() == 0) {
            return s.pg().preparedQuery("SELECT status FROM charging_sessions WHERE id = $1 AND ($2::uuid[] IS NULL OR network_id = ANY($2))")
                .execute(Tuple.of(id, (Object) p.networkFilter()))
                .compose(found -> Future.failedFuture(found.size() == 0 ? ApiException.notFound("Session")
                    : ApiException.conflict("The session is not active (status " + found.iterator().next().getString("status") + ")")));
          }
          Row r = rows.iterator().next();
          String cp = r.getString("charge_point_id");
          s.events().publish(EventType.SESSION_COMPLETED, r.getUUID("network_id"), cp, s.clock().instant(), new JsonObject()
              .put("sessionId", id.toString()).put("chargerId", r.getUUID("charger_id").toString()).put("chargePointId", cp)
              .put("evseId", r.getInteger("evse_id")).put("connectorId", r.getInteger("connector_id"))
              .put("transactionId", r.getString("transaction_ref")).put("status", "COMPLETED")
              .put("stoppedAt", s.clock().instant().toString()).put("reason", FORCED_REASON).put("forced", true)
              .put("meterStopWh", r.getBigDecimal("meter_stop_wh") == null ? null : r.getBigDecimal("meter_stop_wh").doubleValue())
              .put("energyWh", r.getBigDecimal("energy_wh") == null ? null : r.getBigDecimal("energy_wh").doubleValue()));
          // Best effort: also ask the charger to stop; the session is final whatever it answers.
          Object tx = r.getInteger("ocpp16_transaction_id") != null ? r.getInteger("ocpp16_transaction_id") : r.getString("transaction_ref");
          s.commands().send(new io.voltgate.store.commands.Command(cp, Op.STOP, null, new JsonObject().put("transactionId", tx),
              s.commandTimeout().toMillis()));
          return Future.succeededFuture(Reply.ok(new JsonObject().put("sessionId", id.toString()).put("stopped", true)
              .put("status", "COMPLETED").put("energyWh", r.getBigDecimal("energy_wh") == null ? null
                  : r.getBigDecimal("energy_wh").doubleValue())));
        });
  }

  private Future<Reply> refund(RoutingContext ctx, ApiPrincipal p) {
    UUID id = Params.pathUuid(ctx, "id");
    return s.pg().preparedQuery("SELECT id FROM charging_sessions WHERE id = $1 AND ($2::uuid[] IS NULL OR network_id = ANY($2))")
        .execute(Tuple.of(id, (Object) p.networkFilter()))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(ApiException.notFound("Session")) : payments.refund(id))
        .map(refund -> Reply.ok(refund));
  }
}
