package io.voltgate.api.emsp;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.family.Caller;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.http.BodySchemas;
import io.voltgate.api.http.Json;
import io.voltgate.api.http.Reply;
import io.voltgate.services.billing.CostEstimates;
import io.voltgate.services.billing.PriceBreakdown;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Objects;
import java.util.UUID;

/**
 * {@code POST /emsp/v1/pricing/calculate}: what a planned session would cost under one of the
 * network's tariffs, priced by the same engine as the CDR the session will produce.
 */
public final class PricingEndpoints {

  private static final String BODY = "emsp-pricing-calculate";

  private final CostEstimates estimates;

  public PricingEndpoints(CostEstimates estimates) {
    this.estimates = Objects.requireNonNull(estimates);
  }

  public void register(ApiRoutes routes) {
    routes.tag("Pricing").callers(Caller.KEY_OR_DRIVER)
        .post("/emsp/v1/pricing/calculate", "emsp:tariffs:read",
            "Calculates the estimated cost for a charging session based on tariff rates.", BODY,
            (ctx, p) -> calculate(p, BodySchemas.validated(ctx, BODY)));
  }

  private Future<Reply> calculate(ApiPrincipal p, JsonObject b) {
    String start = b.getString("startTime");
    CostEstimates.Plan plan = new CostEstimates.Plan(new BigDecimal(b.getValue("energyKwh").toString()),
        b.getLong("durationMinutes"), b.getLong("idleMinutes", 0L),
        start == null ? null : OffsetDateTime.parse(start).toInstant(), zone(b.getString("timeZone", "UTC")));
    return estimates.estimate(p.catalogueScope(), UUID.fromString(b.getString("tariffId")), plan)
        .map(found -> {
          CostEstimates.Estimate e = found.orElseThrow(() -> ApiException.notFound("Tariff"));
          return Reply.ok(render(e.tariffName(), e.price()));
        });
  }

  static JsonObject render(String tariffName, PriceBreakdown price) {
    return new JsonObject()
        .put("energyCost", Json.number(price.energyCost()))
        .put("timeCost", Json.number(price.timeCost()))
        .put("sessionFee", Json.number(price.sessionFee()))
        .put("idleFee", Json.number(price.idleFee()))
        .put("subtotal", Json.number(price.subtotal()))
        .put("tax", Json.number(price.tax()))
        .put("total", Json.number(price.total()))
        .put("currency", price.currency())
        .put("tariffName", tariffName);
  }

  private static ZoneId zone(String id) {
    try {
      return ZoneId.of(id);
    } catch (DateTimeException e) {
      throw ApiException.badRequest("timeZone", "timeZone must be an IANA time zone, e.g. America/Puerto_Rico");
    }
  }
}
