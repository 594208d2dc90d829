package io.voltgate.api.cpms;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.auth.Scopes;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.http.BodySchemas;
import io.voltgate.api.http.PageRequest;
import io.voltgate.api.http.Reply;
import io.voltgate.store.model.ChargePointIds;
import io.voltgate.store.model.PendingCharger;
import io.voltgate.store.pg.PendingChargerRepository;
import java.time.Instant;
import java.util.Objects;

/**
 * Chargers that dialled in under an id nobody registered while the unknown-charger policy is
 * {@code pending}. They belong to no network, so only a platform administrator lists them and
 * accepts one into a network: a tenant that could see the queue could claim another tenant's new
 * charger by its id.
 */
public final class PendingChargerEndpoints {

  static final String SCOPE = Scopes.PLATFORM_ADMIN;

  private final ChargerRegistration registration;
  private final PendingChargerRepository pending;

  /** {@code registration} is the same one {@link ChargerEndpoints} registers chargers with. */
  public PendingChargerEndpoints(ChargerRegistration registration, PendingChargerRepository pending) {
    this.registration = Objects.requireNonNull(registration);
    this.pending = Objects.requireNonNull(pending);
  }

  public void register(ApiRoutes routes) {
    routes.tag("Pending chargers")
        .get("/cpms/v1/pending-chargers", SCOPE, "Chargers waiting for acceptance (unknown ids under the pending policy)",
            (ctx, p) -> list(PageRequest.from(ctx)))
        .create("/cpms/v1/pending-chargers/{chargePointId}/accept", SCOPE,
            "Accept a pending charger into a network (registers it; a generated password is shown once)",
            "pending-charger-accept", (ctx, p) -> accept(p, chargePointId(ctx),
                BodySchemas.validated(ctx, "pending-charger-accept")))
        .delete("/cpms/v1/pending-chargers/{chargePointId}", SCOPE, "Dismiss a pending charger (it is listed again if it boots again)",
            (ctx, p) -> dismiss(chargePointId(ctx)));
  }

  private Future<Reply> list(PageRequest page) {
    return pending.list(page.pageSize(), page.offset())
        .map(result -> Reply.page(result.items().stream().map(PendingChargerEndpoints::render).toList(), page,
            result.total()));
  }

  private Future<Reply> accept(ApiPrincipal p, String chargePointId, JsonObject body) {
    return pending.find(chargePointId).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(ApiException.notFound("Pending charger"));
      }
      JsonObject registrationBody = body.copy().put("serial", chargePointId);
      if (found.get().ocppVersion() != null && !registrationBody.containsKey("ocppVersion")) {
        registrationBody.put("ocppVersion", found.get().ocppVersion());
      }
      return registration.register(p, registrationBody)
          .compose(reply -> pending.remove(chargePointId).map(reply));
    });
  }

  private Future<Reply> dismiss(String chargePointId) {
    return pending.remove(chargePointId).map(removed -> {
      if (!removed) {
        throw ApiException.notFound("Pending charger");
      }
      return Reply.ok(new JsonObject().put("chargePointId", chargePointId).put("dismissed", true));
    });
  }

  private static String chargePointId(RoutingContext ctx) {
    String id = ctx.pathParam("chargePointId");
    if (!ChargePointIds.valid(id)) {
      throw ApiException.badRequest("chargePointId", "not an OCPP identifierString (letters, digits and *-_=:+|@., at most 48)");
    }
    return id;
  }

  private static JsonObject render(PendingCharger c) {
    return new JsonObject()
        .put("chargePointId", c.chargePointId())
        .put("ocppVersion", c.ocppVersion())
        .put("vendor", c.vendor())
        .put("model", c.model())
        .put("serialNumber", c.serialNumber())
        .put("firmwareVersion", c.firmwareVersion())
        .put("remoteAddress", c.remoteAddress())
        .put("boots", c.boots())
        .put("firstSeenAt", time(c.firstSeenAt()))
        .put("lastSeenAt", time(c.lastSeenAt()));
  }

  private static String time(Instant t) {
    return t == null ? null : t.toString();
  }
}
