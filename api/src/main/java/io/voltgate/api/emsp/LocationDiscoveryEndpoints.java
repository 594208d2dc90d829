package io.voltgate.api.emsp;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.family.Caller;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.http.PageRequest;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import io.voltgate.store.query.ChargerQueries;
import io.voltgate.store.query.LocationQueries;
import io.voltgate.store.query.Page;
import io.voltgate.store.query.PublishedLocation;
import io.voltgate.store.query.ReviewQueries;
import io.voltgate.store.redis.ChargerLiveState;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Published locations on {@code /emsp/v1} — the public map: a list (with the distance from a point
 * when one is given), a geosearch nearest first, a location's detail and its public chargers. Only
 * published locations exist here (another answers 404) and only their public chargers count.
 */
public final class LocationDiscoveryEndpoints {

  /** Geosearch radius when none is given, and the largest accepted (km). */
  static final double DEFAULT_RADIUS_KM = 10;
  static final double MAX_RADIUS_KM = 200;

  private final LocationQueries locations;
  private final ChargerQueries chargers;
  private final ReviewQueries reviews;
  private final ChargerLiveState live;

  public LocationDiscoveryEndpoints(LocationQueries locations, ChargerQueries chargers, ReviewQueries reviews,
      ChargerLiveState live) {
    this.locations = Objects.requireNonNull(locations);
    this.chargers = Objects.requireNonNull(chargers);
    this.reviews = Objects.requireNonNull(reviews);
    this.live = Objects.requireNonNull(live);
  }

  public void register(ApiRoutes routes) {
    routes.tag("Locations").callers(Caller.KEY_OR_DRIVER)
        .get("/emsp/v1/locations", "emsp:locations:read",
            "List published locations (distanceKm when latitude and longitude are given)", this::list)
        .get("/emsp/v1/locations/search", "emsp:locations:read",
            "Find published locations near a point (latitude, longitude, radiusKm: default 10, at most 200), nearest first",
            this::search)
        .get("/emsp/v1/locations/{id}", "emsp:locations:read", "A published location's detail",
            (ctx, p) -> detail(p, Params.pathUuid(ctx, "id")))
        .get("/emsp/v1/locations/{id}/chargers", "emsp:locations:read", "The public chargers at a published location",
            (ctx, p) -> chargersAt(p, Params.pathUuid(ctx, "id"), PageRequest.from(ctx, EmspApi.DEFAULT_PAGE_SIZE)));
  }

  private Future<Reply> list(RoutingContext ctx, ApiPrincipal p) {
    PageRequest page = PageRequest.from(ctx, EmspApi.DEFAULT_PAGE_SIZE);
    Double latitude = Params.queryDouble(ctx, "latitude", -90, 90);
    Double longitude = Params.queryDouble(ctx, "longitude", -180, 180);
    if ((latitude == null) != (longitude == null)) {
      String missing = latitude == null ? "latitude" : "longitude";
      throw ApiException.badRequest(missing, "latitude and longitude are given together");
    }
    return locations.publishedPage(p.catalogueScope(), latitude, longitude, page.pageSize(), page.offset())
        .compose(found -> render(found, page));
  }

  private Future<Reply> search(RoutingContext ctx, ApiPrincipal p) {
    PageRequest page = PageRequest.from(ctx, EmspApi.DEFAULT_PAGE_SIZE);
    Double latitude = Params.queryDouble(ctx, "latitude", -90, 90);
    Double longitude = Params.queryDouble(ctx, "longitude", -180, 180);
    if (latitude == null || longitude == null) {
      throw ApiException.badRequest(latitude == null ? "latitude" : "longitude", "latitude and longitude are required");
    }
    Double radius = Params.queryDouble(ctx, "radiusKm", 0, MAX_RADIUS_KM);
    if (radius != null && radius <= 0) {
      throw ApiException.badRequest("radiusKm", "radiusKm must be above 0 and at most " + MAX_RADIUS_KM);
    }
    return locations.publishedNear(p.catalogueScope(), latitude, longitude, radius == null ? DEFAULT_RADIUS_KM : radius,
            page.pageSize(), page.offset())
        .compose(found -> render(found, page));
  }

  private Future<Reply> render(Page<PublishedLocation> found, PageRequest page) {
    return offers(found.items().stream().map(PublishedLocation::id).toList()).map(offers -> Reply.navigablePage(
        found.items().stream().map(l -> EmspViews.location(l, offers.getOrDefault(l.id(), LocationOffers.Offer.NONE)))
            .toList(), page, found.total()));
  }

  private Future<Reply> detail(ApiPrincipal p, UUID id) {
    return locations.findPublished(p.catalogueScope(), id).compose(found -> {
      PublishedLocation location = found.orElseThrow(() -> ApiException.notFound("Location"));
      return offers(List.of(id)).compose(offers -> reviews.summary(p.catalogueScope(), id).map(rating ->
          Reply.ok(EmspViews.locationDetail(location, offers.getOrDefault(id, LocationOffers.Offer.NONE), rating))));
    });
  }

  private Future<Reply> chargersAt(ApiPrincipal p, UUID id, PageRequest page) {
    return locations.findPublished(p.catalogueScope(), id).compose(found -> {
      found.orElseThrow(() -> ApiException.notFound("Location"));
      return chargers.discoveryPage(p.catalogueScope(), ChargerQueries.Visibility.PUBLIC, id, page.pageSize(), page.offset());
    }).compose(found -> live.read(found.items().stream().map(r -> r.getString("charge_point_id")).toList())
        .map(states -> Reply.navigablePage(found.items().stream().map(r -> EmspViews.chargerAtLocation(r,
            states.getOrDefault(r.getString("charge_point_id"), ChargerLiveState.Charger.NONE))).toList(), page, found.total())));
  }

  /** What the public chargers of these locations offer now: one query and one Redis batch for the page. */
  private Future<Map<UUID, LocationOffers.Offer>> offers(List<UUID> locationIds) {
    return locations.publicConnectorsAt(locationIds).compose(connectors ->
        live.read(LocationOffers.chargePointIds(connectors)).map(states -> LocationOffers.of(connectors, states)));
  }
}
