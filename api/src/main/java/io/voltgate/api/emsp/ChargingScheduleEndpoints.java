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
import io.voltgate.services.charging.ChargingSchedules;
import io.voltgate.store.query.ChargingScheduleQueries;
import io.voltgate.store.query.ChargingScheduleQueries.Schedule;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.UUID;

/**
 * Scheduled charging on {@code /emsp/v1/charging}: schedule a remote start for later, list and cancel
 * schedules. A driver sees their own schedules, a back end its networks'; anything else is 404.
 */
public final class ChargingScheduleEndpoints {

  private final ChargingSchedules schedules;
  private final ChargingScheduleQueries queries;

  public ChargingScheduleEndpoints(ChargingSchedules schedules, ChargingScheduleQueries queries) {
    this.schedules = Objects.requireNonNull(schedules);
    this.queries = Objects.requireNonNull(queries);
  }

  public void register(ApiRoutes routes) {
    routes.tag("Charging").callers(Caller.KEY_OR_DRIVER)
        .create("/emsp/v1/charging/schedule", "emsp:charging", "Schedule a charging session for a future time",
            "emsp-charging-schedule", (ctx, p) -> schedule(p, BodySchemas.validated(ctx, "emsp-charging-schedule")))
        .get("/emsp/v1/charging/schedules", "emsp:charging", "List your scheduled charges, latest time first",
            (ctx, p) -> list(p, PageRequest.from(ctx, EmspApi.DEFAULT_PAGE_SIZE)))
        .delete("/emsp/v1/charging/schedule/{id}", "emsp:charging", "Cancel a scheduled charge that has not fired",
            (ctx, p) -> cancel(p, Params.pathUuid(ctx, "id")));
  }

  private Future<Reply> schedule(ApiPrincipal p, JsonObject body) {
    Instant at = time(body.getString("scheduledTime"));
    return schedules.schedule(p.scope(), p.catalogueScope(), UUID.fromString(body.getString("chargerId")),
        body.getInteger("connectorNumber"), body.getString("idTag"), at).map(c -> switch (c.status()) {
          case SCHEDULED -> Reply.created(view(c.schedule()));
          case BAD_TIME -> throw ApiException.badRequest("scheduledTime", "scheduledTime must be in the future, at most "
              + ChargingSchedules.HORIZON.toDays() + " days ahead");
          case REFUSED -> throw ChargingEndpoints.refusal(c.refusal());
        });
  }

  private Future<Reply> list(ApiPrincipal p, PageRequest page) {
    return queries.page(p.scope(), page.pageSize(), page.offset())
        .map(found -> Reply.navigablePage(found.items().stream().map(ChargingScheduleEndpoints::view).toList(), page,
            found.total()));
  }

  private Future<Reply> cancel(ApiPrincipal p, UUID id) {
    return schedules.cancel(p.scope(), id).map(c -> switch (c.status()) {
      case CANCELLED -> Reply.ok(view(c.schedule()));
      case NOT_FOUND -> throw ApiException.notFound("Schedule");
      case NOT_PENDING -> throw ApiException.conflict("The schedule is no longer pending (status "
          + c.schedule().status() + ")");
    });
  }

  /** The seed's {@code {id, chargerId, connectorNumber, scheduledTime, status, statusReason, firedAt, createdAt}}. */
  static JsonObject view(Schedule s) {
    return new JsonObject()
        .put("id", Json.id(s.id()))
        .put("chargerId", Json.id(s.chargerId()))
        .put("connectorNumber", s.connectorNumber())
        .put("scheduledTime", Json.time(s.scheduledTime()))
        .put("status", s.status())
        .put("statusReason", s.statusReason())
        .put("firedAt", Json.time(s.firedAt()))
        .put("createdAt", Json.time(s.createdAt()));
  }

  private static Instant time(String raw) {
    try {
      return OffsetDateTime.parse(raw).toInstant();
    } catch (DateTimeParseException | NullPointerException e) {
      throw ApiException.badRequest("scheduledTime", "scheduledTime must be an ISO-8601 date-time with an offset");
    }
  }
}
