package io.voltgate.api.emsp;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
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
import io.voltgate.services.content.ProblemReports;
import io.voltgate.store.query.LocationQueries;
import io.voltgate.store.query.ReviewQueries;
import java.util.Objects;
import java.util.UUID;

/**
 * What drivers say about published locations: reviews ({@code /emsp/v1/locations/{id}/reviews}: a
 * rating summary and the reviews, read with the location; one review per driver, created or
 * replaced by the driver) and problem reports ({@code /emsp/v1/locations/{id}/report}: stored and
 * raised to the operator as an event).
 */
public final class LocationFeedbackEndpoints {

  private static final String SCOPE = "emsp:driver-content";

  private final LocationQueries locations;
  private final ReviewQueries reviews;
  private final ProblemReports reports;

  public LocationFeedbackEndpoints(LocationQueries locations, ReviewQueries reviews, ProblemReports reports) {
    this.locations = Objects.requireNonNull(locations);
    this.reviews = Objects.requireNonNull(reviews);
    this.reports = Objects.requireNonNull(reports);
  }

  public void register(ApiRoutes routes) {
    routes.tag("Location reviews").callers(Caller.KEY_OR_DRIVER)
        .get("/emsp/v1/locations/{id}/reviews", "emsp:locations:read",
            "Driver reviews + rating summary for a published location, latest first (isMine: the calling driver's)",
            (ctx, p) -> list(p, Params.pathUuid(ctx, "id"), PageRequest.from(ctx, EmspApi.DEFAULT_PAGE_SIZE)))
        .callers(Caller.DRIVER)
        .create("/emsp/v1/locations/{id}/reviews", SCOPE,
            "Create (201) or replace (200) the driver's review of a location: rating 1-5, comment up to 2000 characters",
            "emsp-review-upsert", (ctx, p) -> upsert(p, Params.pathUuid(ctx, "id"),
                BodySchemas.validated(ctx, "emsp-review-upsert")))
        .create("/emsp/v1/locations/{id}/report", SCOPE,
            "Report a problem at a location (raises an operator alert: location.problem_reported)",
            "emsp-problem-report", (ctx, p) -> report(p, Params.pathUuid(ctx, "id"),
                BodySchemas.validated(ctx, "emsp-problem-report")));
  }

  private Future<Reply> list(ApiPrincipal p, UUID locationId, PageRequest page) {
    UUID reader = p.driver() == null ? null : p.driver().driverId();
    return locations.findPublished(p.catalogueScope(), locationId).compose(found -> {
      found.orElseThrow(() -> ApiException.notFound("Location"));
      return reviews.summary(p.catalogueScope(), locationId).compose(summary ->
          reviews.page(p.catalogueScope(), locationId, reader, page.pageSize(), page.offset())
              .map(items -> Reply.navigablePage(new JsonObject()
                  .put("summary", summary(summary))
                  .put("reviews", new JsonArray(items.items().stream()
                      .map(LocationFeedbackEndpoints::listed).toList())), page, items.total())));
    });
  }

  private Future<Reply> upsert(ApiPrincipal p, UUID locationId, JsonObject b) {
    String comment = BodySchemas.text(b, "comment");
    return reviews.upsert(p.scope(), UUID.randomUUID(), locationId, b.getInteger("rating"), comment).map(found -> {
      ReviewQueries.Saved saved = found.orElseThrow(() -> ApiException.notFound("Location"));
      ReviewQueries.Review r = saved.review();
      JsonObject data = new JsonObject()
          .put("id", r.id().toString())
          .put("rating", r.rating())
          .put("comment", r.comment())
          .put("createdAt", Json.time(r.createdAt()))
          .put("updatedAt", Json.time(r.updatedAt()));
      return saved.created() ? Reply.created(data) : Reply.ok(data);
    });
  }

  private Future<Reply> report(ApiPrincipal p, UUID locationId, JsonObject b) {
    String charger = b.getString("chargerId");
    String description = BodySchemas.text(b, "description");
    return reports.report(p.scope(), locationId, charger == null ? null : UUID.fromString(charger),
        b.getString("category"), description).map(outcome -> switch (outcome.status()) {
          case FILED -> Reply.created(new JsonObject().put("id", outcome.reportId().toString()).put("status", "received"));
          case NO_LOCATION -> throw ApiException.notFound("Location");
          case NO_CHARGER -> throw ApiException.notFound("Charger");
          case TOO_MANY -> throw new ApiException(429, "too_many_reports", "A driver may report at most "
              + ProblemReports.MAX_PER_HOUR + " problems an hour; try again later");
        });
  }

  static JsonObject summary(ReviewQueries.Summary s) {
    return new JsonObject().put("average", Json.number(s.average())).put("count", s.count());
  }

  private static JsonObject listed(ReviewQueries.Review r) {
    return new JsonObject()
        .put("id", r.id().toString())
        .put("rating", r.rating())
        .put("comment", r.comment())
        .put("authorName", r.authorName())
        .put("isMine", r.mine())
        .put("createdAt", Json.time(r.createdAt()))
        .put("updatedAt", Json.time(r.updatedAt()));
  }
}
