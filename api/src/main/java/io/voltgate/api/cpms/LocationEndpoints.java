package io.voltgate.api.cpms;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.cpms.fleet.NetworkScope;
import io.voltgate.api.cpms.fleet.Values;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.http.BodySchemas;
import io.voltgate.api.http.Json;
import io.voltgate.api.http.PageRequest;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import io.voltgate.store.query.Location;
import io.voltgate.store.query.LocationQueries;
import io.voltgate.store.query.NetworkQueries;
import io.voltgate.store.query.Patch;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

/**
 * Locations (sites) on the key's networks: list, create, detail, partial update and soft delete,
 * which answers 409 while live chargers are attached or sessions are active there.
 */
public final class LocationEndpoints {

  private final LocationQueries locations;
  private final NetworkQueries networks;
  private final Clock clock;

  public LocationEndpoints(LocationQueries locations, NetworkQueries networks, Clock clock) {
    this.locations = Objects.requireNonNull(locations);
    this.networks = Objects.requireNonNull(networks);
    this.clock = Objects.requireNonNull(clock);
  }

  public void register(ApiRoutes routes) {
    routes.tag("Locations")
        .get("/cpms/v1/locations", "cpms:locations:read", "List the operator's locations/stations",
            (ctx, p) -> list(p, PageRequest.from(ctx)))
        .create("/cpms/v1/locations", "cpms:locations:write", "Create a location/site on one of the operator's networks",
            "location-create", (ctx, p) -> create(p, BodySchemas.validated(ctx, "location-create")))
        .get("/cpms/v1/locations/{id}", "cpms:locations:read", "Location/site detail",
            (ctx, p) -> detail(p, Params.pathUuid(ctx, "id")))
        .put("/cpms/v1/locations/{id}", "cpms:locations:write", "Update a location/site", "location-update",
            (ctx, p) -> update(p, Params.pathUuid(ctx, "id"), BodySchemas.validated(ctx, "location-update")))
        .delete("/cpms/v1/locations/{id}", "cpms:locations:write",
            "Soft-delete a location/site (blocks if chargers attached or sessions active)",
            (ctx, p) -> delete(p, Params.pathUuid(ctx, "id")));
  }

  private Future<Reply> list(ApiPrincipal p, PageRequest page) {
    return locations.page(p.scope(), page.pageSize(), page.offset())
        .map(found -> Reply.page(found.items().stream().map(LocationEndpoints::render).toList(), page, found.total()));
  }

  private Future<Reply> create(ApiPrincipal p, JsonObject body) {
    UUID requested = body.getString("networkUuid") == null ? null : UUID.fromString(body.getString("networkUuid"));
    String timezone = body.getString("timezone") == null ? "UTC" : Values.zone(body.getString("timezone"), "timezone");
    UUID id = UUID.randomUUID();
    return NetworkScope.resolve(networks, p, requested, "networkUuid")
        .compose(network -> locations.create(new Location.New(id, network, body.getString("name"),
                body.getString("address"), body.getString("city"), body.getString("state"),
                Values.upper(body.getString("country")), body.getString("postalCode"), body.getString("contactPhone"),
                timezone, Values.decimal(body.getNumber("latitude")), Values.decimal(body.getNumber("longitude"))),
                discoveryFields(new Patch(), body))
            .map(ignored -> Reply.created(new JsonObject()
                .put("id", id.toString())
                .put("name", body.getString("name"))
                .put("address", body.getString("address"))
                .put("city", body.getString("city"))
                .put("networkId", network.toString())
                .put("created", true))));
  }

  private Future<Reply> detail(ApiPrincipal p, UUID id) {
    return locations.find(p.scope(), id)
        .map(found -> Reply.ok(render(found.orElseThrow(() -> ApiException.notFound("Location")))));
  }

  private Future<Reply> update(ApiPrincipal p, UUID id, JsonObject body) {
    Patch patch = new Patch()
        .setIfPresent(body, "name", LocationQueries.Field.NAME)
        .setIfPresent(body, "address", LocationQueries.Field.ADDRESS)
        .setIfPresent(body, "city", LocationQueries.Field.CITY)
        .setIfPresent(body, "state", LocationQueries.Field.STATE)
        .setIfPresent(body, "country", LocationQueries.Field.COUNTRY, Values::upper)
        .setIfPresent(body, "postalCode", LocationQueries.Field.POSTAL_CODE)
        .setIfPresent(body, "contactPhone", LocationQueries.Field.CONTACT_PHONE)
        .setIfPresent(body, "timezone", LocationQueries.Field.TIMEZONE, v -> Values.zone(v, "timezone"))
        .setIfPresent(body, "latitude", LocationQueries.Field.LATITUDE, Values::decimal)
        .setIfPresent(body, "longitude", LocationQueries.Field.LONGITUDE, Values::decimal)
        .set(LocationQueries.Field.UPDATED_AT, OffsetDateTime.now(clock));
    discoveryFields(patch, body);
    return locations.update(p.scope(), id, patch).map(updated -> {
      if (!updated) {
        throw ApiException.notFound("Location");
      }
      return Reply.ok(new JsonObject().put("id", id.toString()).put("updated", true));
    });
  }

  private Future<Reply> delete(ApiPrincipal p, UUID id) {
    return locations.softDelete(p.scope(), id).map(outcome -> switch (outcome) {
      case NOT_FOUND -> throw ApiException.notFound("Location");
      case ACTIVE_SESSIONS -> throw ApiException.conflict("The location has active charging sessions");
      case CHARGERS_ATTACHED -> throw ApiException.conflict("Chargers are attached to the location: move or delete them first");
      case CHANGED_MEANWHILE -> throw ApiException.conflict("The location changed meanwhile: chargers or sessions are attached");
      case DELETED -> Reply.ok(new JsonObject().put("id", id.toString()).put("deleted", true));
    });
  }

  /**
   * The optional fields drivers see on the eMSP API (a Voltgate addition to the seed's bodies):
   * published, amenities, opening hours and images. An explicit null clears hours and images.
   */
  private static Patch discoveryFields(Patch patch, JsonObject body) {
    return patch.setIfPresent(body, "isPublished", LocationQueries.Field.PUBLISHED)
        .setIfPresent(body, "hasParking", LocationQueries.Field.HAS_PARKING)
        .setIfPresent(body, "hasRestrooms", LocationQueries.Field.HAS_RESTROOMS)
        .setIfPresent(body, "hasWifi", LocationQueries.Field.HAS_WIFI)
        .setIfPresent(body, "openingHours", LocationQueries.Field.OPENING_HOURS)
        .setIfPresent(body, "images", LocationQueries.Field.IMAGES);
  }

  private static JsonObject render(Location l) {
    return new JsonObject()
        .put("id", Json.id(l.id()))
        .put("name", l.name())
        .put("address", l.address())
        .put("city", l.city())
        .put("state", l.state())
        .put("country", l.country())
        .put("postalCode", l.postalCode())
        .put("contactPhone", l.contactPhone())
        .put("timezone", l.timezone())
        .put("latitude", Json.number(l.latitude()))
        .put("longitude", Json.number(l.longitude()))
        .put("networkId", Json.id(l.networkId()))
        .put("chargerCount", l.chargerCount())
        .put("createdAt", Json.time(l.createdAt()))
        .put("updatedAt", Json.time(l.updatedAt()));
  }
}
