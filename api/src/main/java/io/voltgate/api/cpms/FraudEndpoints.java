package io.voltgate.api.cpms;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.http.BodySchemas;
import io.voltgate.api.http.Json;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import io.voltgate.services.fraud.FraudHolds;
import io.voltgate.store.query.FraudQueries.Hold;
import io.voltgate.store.query.FraudQueries.Status;
import java.util.Objects;
import java.util.UUID;

/**
 * Fraud holds of the operator's drivers (docs/fraud.md), in the seed's snake case fields: the held
 * drivers, one driver's anti-fraud status, and clearing a hold (optionally waiving the driver's unpaid
 * CDRs on the caller's networks). A driver of another network is 404.
 */
public final class FraudEndpoints {

  private final FraudHolds holds;

  public FraudEndpoints(FraudHolds holds) {
    this.holds = Objects.requireNonNull(holds);
  }

  public void register(ApiRoutes routes) {
    routes.tag("Fraud")
        .get("/cpms/v1/fraud/holds", "cpms:fraud:read",
            "List drivers on the operator's networks currently held for an unpaid balance",
            (ctx, p) -> list(p))
        .get("/cpms/v1/fraud/drivers/{driverUuid}", "cpms:fraud:read",
            "Anti-fraud status for a driver (phone-verified, hold, outstanding balance)",
            (ctx, p) -> status(p, Params.pathUuid(ctx, "driverUuid")))
        .post("/cpms/v1/fraud/drivers/{driverUuid}/clear-hold", "cpms:fraud:write",
            "Clear a driver's fraud hold (optionally waive the outstanding balance so the live check passes)",
            "fraud-clear-hold", (ctx, p) -> {
              UUID driver = Params.pathUuid(ctx, "driverUuid");
              boolean waive = BodySchemas.validated(ctx, "fraud-clear-hold").getBoolean("waive", false);
              return clear(p, driver, waive);
            });
  }

  private Future<Reply> list(ApiPrincipal p) {
    return holds.holds(p.scope()).map(found -> {
      JsonArray data = new JsonArray();
      for (Hold h : found) {
        data.add(new JsonObject().put("driver_id", Json.id(h.driverId())).put("email", h.email())
            .put("phone_verified", h.phoneVerified()).put("reason", h.reason()).put("held_at", Json.time(h.heldAt()))
            .put("outstanding_balance", Json.number(h.outstanding())));
      }
      return Reply.ok(data);
    });
  }

  private Future<Reply> status(ApiPrincipal p, UUID driverId) {
    return holds.status(p.scope(), driverId).map(found -> {
      Status s = found.orElseThrow(() -> ApiException.notFound("Driver"));
      return Reply.ok(new JsonObject().put("driver_id", Json.id(s.driverId())).put("email", s.email())
          .put("phone_verified", s.phoneVerifiedAt() != null).put("phone_verified_at", Json.time(s.phoneVerifiedAt()))
          .put("fraud_hold", s.held()).put("fraud_hold_reason", s.reason()).put("fraud_hold_at", Json.time(s.heldAt()))
          .put("outstanding_balance", Json.number(s.outstanding())));
    });
  }

  private Future<Reply> clear(ApiPrincipal p, UUID driverId, boolean waive) {
    return holds.clear(p.scope(), driverId, waive, p.keyId()).map(found -> {
      var c = found.orElseThrow(() -> ApiException.notFound("Driver"));
      return Reply.ok(new JsonObject().put("driver_id", Json.id(c.driverId())).put("fraud_hold", c.heldAfter())
          .put("hold_cleared", c.heldBefore() && !c.heldAfter()).put("sessions_waived", c.waived()));
    });
  }
}
