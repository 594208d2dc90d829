package io.voltgate.api.emsp;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.family.Caller;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.http.BodySchemas;
import io.voltgate.api.http.Json;
import io.voltgate.api.http.PageRequest;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import io.voltgate.services.reservations.Reservations;
import io.voltgate.store.query.ReservationQueries;
import io.voltgate.store.query.ReservationQueries.Reservation;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

/**
 * Connector reservations on {@code /emsp/v1} (OCPP ReserveNow / CancelReservation), in the eMSP
 * seed's fields. A driver reserves for themself and sees and cancels only their own; a back end
 * (server-side key) sees and cancels its networks'. A refusal by the charger (or no answer) is a 201
 * whose {@code status} and {@code statusReason} say so; the rules are 4xx (docs/emsp.md, "Reservations").
 */
public final class ReservationEndpoints {

  private static final String SCOPE = "emsp:charging";

  private final ReservationQueries reservations;
  private final Reservations service;

  public ReservationEndpoints(ReservationQueries reservations, Reservations service) {
    this.reservations = Objects.requireNonNull(reservations);
    this.service = Objects.requireNonNull(service);
  }

  public void register(ApiRoutes routes) {
    routes.tag("Reservations").callers(Caller.KEY_OR_DRIVER)
        .get("/emsp/v1/reservations", SCOPE, "List reservations (a driver's own; a back end's networks')",
            (ctx, p) -> {
              PageRequest page = PageRequest.from(ctx, EmspApi.DEFAULT_PAGE_SIZE);
              return reservations.page(p.scope(), page.pageSize(), page.offset())
                  .map(found -> Reply.navigablePage(found.items().stream().map(ReservationEndpoints::render).toList(),
                      page, found.total()));
            })
        .get("/emsp/v1/reservations/{id}", SCOPE, "Get a reservation", (ctx, p) ->
            reservations.find(p.scope(), Params.pathUuid(ctx, "id")).map(found ->
                Reply.ok(render(found.orElseThrow(() -> ApiException.notFound("Reservation"))))))
        .delete("/emsp/v1/reservations/{id}", SCOPE,
            "Cancel a reservation (OCPP CancelReservation); 409 when it is no longer active",
            (ctx, p) -> cancel(p, Params.pathUuid(ctx, "id")))
        .callers(Caller.DRIVER)
        .create("/emsp/v1/reservations", SCOPE,
            "Holds a connector for the authenticated driver until the expiry time (OCPP ReserveNow; at most "
                + Reservations.MAX_HOLD.toHours() + " hours ahead, one active reservation per driver)",
            "emsp-reservation-create", (ctx, p) -> reserve(p, BodySchemas.validated(ctx, "emsp-reservation-create")));
  }

  private Future<Reply> reserve(ApiPrincipal p, JsonObject b) {
    String idTag = BodySchemas.text(b, "idTag");
    return service.reserve(p.scope(), UUID.fromString(b.getString("chargerId")), b.getInteger("connectorNumber"),
        OffsetDateTime.parse(b.getString("expiryDate")).toInstant(), idTag).map(outcome -> switch (outcome.status()) {
          case DONE -> Reply.created(render(outcome.reservation()));
          case BAD_EXPIRY -> throw ApiException.badRequest("expiryDate",
              "expiryDate must be in the future and at most " + Reservations.MAX_HOLD.toHours() + " hours ahead");
          case NOT_FOUND -> throw ApiException.notFound("Connector");
          case NO_TOKEN -> throw idTag != null ? ApiException.badRequest("idTag", "idTag is not a valid token of the driver")
              : ApiException.conflict("The driver has no valid token to reserve with");
          case CONFLICT -> throw ApiException.conflict("The driver already holds an active reservation");
        });
  }

  private Future<Reply> cancel(ApiPrincipal p, UUID id) {
    return service.cancel(p.scope(), id).map(outcome -> switch (outcome.status()) {
      case DONE -> Reply.ok(render(outcome.reservation()));
      case NOT_FOUND -> throw ApiException.notFound("Reservation");
      case CONFLICT -> throw ApiException.conflict("The reservation is no longer active");
      case BAD_EXPIRY, NO_TOKEN -> throw new IllegalStateException("not an outcome of cancel: " + outcome.status());
    });
  }

  static JsonObject render(Reservation r) {
    return new JsonObject()
        .put("id", r.id().toString())
        .put("chargerId", r.chargerId().toString())
        .put("chargerName", r.chargePointId())
        .put("connectorNumber", r.connectorNumber())
        .put("status", r.status())
        .put("statusReason", r.statusReason())
        .put("idTag", r.idTag())
        .put("expiryDate", Json.time(r.expiresAt()))
        .put("createdAt", Json.time(r.createdAt()))
        .put("cancelledAt", Json.time(r.cancelledAt()));
  }
}
