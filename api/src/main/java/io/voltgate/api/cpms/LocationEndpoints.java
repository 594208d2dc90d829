package io.voltgate.api.cpms;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.voltgate.api.ApiServices;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.cpms.fleet.NetworkScope;
import io.voltgate.api.cpms.fleet.SqlPatch;
import io.voltgate.api.cpms.fleet.Values;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.http.ApiRoutes;
import io.voltgate.api.http.BodySchemas;
import io.voltgate.api.http.Json;
import io.voltgate.api.http.PageRequest;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Locations (sites) on the key's networks: list, create, detail, partial update and soft delete,
 * which answers 409 while live chargers are attached or sessions are active there.
 */
public final class LocationEndpoints {

  private static final String COLUMNS = "l.id, l.network_id, l.name, l.address, l.city, l.state, l.country,"
      + " l.postal_code, l.contact_phone, l.timezone, l.latitude, l.longitude, l.created_at, l.updated_at,"
      + " (SELECT count(*) FROM chargers c WHERE c.location_id = l.id AND c.deleted_at IS NULL) AS charger_count";
  private static final String VISIBLE = "l.deleted_at IS NULL AND ($1::uuid[] IS NULL OR l.network_id = ANY($1))";

  /** Live chargers attached, and active sessions at the location (location aliased l). */
  private static final String ATTACHED = "EXISTS (SELECT 1 FROM chargers c WHERE c.location_id = l.id AND c.deleted_at IS NULL)";
  private static final String ACTIVE = "EXISTS (SELECT 1 FROM charging_sessions cs JOIN chargers c ON c.id = cs.charger_id"
      + " WHERE c.location_id = l.id AND cs.status = 'ACTIVE')";

  private final ApiServices s;

  public LocationEndpoints(ApiServices services) {
    this.s = Objects.requireNonNull(services);
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
    return s.pg().preparedQuery("SELECT " + COLUMNS + ", count(*) OVER () AS total FROM locations l WHERE " + VISIBLE
            + " ORDER BY l.created_at, l.id LIMIT $2 OFFSET $3")
        .execute(Tuple.of(p.networkFilter(), page.pageSize(), page.offset()))
        .map(rows -> {
          List<JsonObject> items = new ArrayList<>();
          long total = 0;
          for (Row r : rows) {
            total = r.getLong("total");
            items.add(render(r));
          }
          return Reply.page(items, page, total);
        });
  }

  private Future<Reply> create(ApiPrincipal p, JsonObject body) {
    UUID requested = body.getString("networkUuid") == null ? null : UUID.fromString(body.getString("networkUuid"));
    String timezone = body.getString("timezone") == null ? "UTC" : Values.zone(body.getString("timezone"), "timezone");
    UUID id = UUID.randomUUID();
    return NetworkScope.resolve(s.pg(), p, requested, "networkUuid")
        .compose(network -> s.pg().preparedQuery("INSERT INTO locations (id, network_id, name, address, city, state,"
                + " country, postal_code, contact_phone, timezone, latitude, longitude)"
                + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)")
            .execute(Tuple.from(new Object[] {id, network, body.getString("name"), body.getString("address"),
                body.getString("city"), body.getString("state"), Values.upper(body.getString("country")),
                body.getString("postalCode"), body.getString("contactPhone"), timezone,
                Values.decimal(body.getNumber("latitude")), Values.decimal(body.getNumber("longitude"))}))
            .map(ignored -> Reply.created(new JsonObject()
                .put("id", id.toString())
                .put("name", body.getString("name"))
                .put("address", body.getString("address"))
                .put("city", body.getString("city"))
                .put("networkId", network.toString())
                .put("created", true))));
  }

  private Future<Reply> detail(ApiPrincipal p, UUID id) {
    return s.pg().preparedQuery("SELECT " + COLUMNS + " FROM locations l WHERE l.id = $2 AND " + VISIBLE)
        .execute(Tuple.of(p.networkFilter(), id))
        .map(rows -> {
          if (rows.size() == 0) {
            throw ApiException.notFound("Location");
          }
          return Reply.ok(render(rows.iterator().next()));
        });
  }

  private Future<Reply> update(ApiPrincipal p, UUID id, JsonObject body) {
    SqlPatch patch = new SqlPatch(p.networkFilter(), id)
        .setIfPresent(body, "name", "name")
        .setIfPresent(body, "address", "address")
        .setIfPresent(body, "city", "city")
        .setIfPresent(body, "state", "state")
        .setIfPresent(body, "country", "country", Values::upper)
        .setIfPresent(body, "postalCode", "postal_code")
        .setIfPresent(body, "contactPhone", "contact_phone")
        .setIfPresent(body, "timezone", "timezone", v -> Values.zone(v, "timezone"))
        .setIfPresent(body, "latitude", "latitude", Values::decimal)
        .setIfPresent(body, "longitude", "longitude", Values::decimal)
        .set("updated_at", java.time.OffsetDateTime.now(s.clock()));
    return s.pg().preparedQuery("UPDATE locations l SET " + patch.assignments() + " WHERE l.id = $2 AND " + VISIBLE
            + " RETURNING l.id")
        .execute(patch.tuple())
        .map(rows -> {
          if (rows.size() == 0) {
            throw ApiException.notFound("Location");
          }
          return Reply.ok(new JsonObject().put("id", id.toString()).put("updated", true));
        });
  }

  private Future<Reply> delete(ApiPrincipal p, UUID id) {
    return s.pg().preparedQuery("SELECT " + ATTACHED + " AS attached, " + ACTIVE + " AS active FROM locations l"
            + " WHERE l.id = $2 AND " + VISIBLE)
        .execute(Tuple.of(p.networkFilter(), id))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(ApiException.notFound("Location"));
          }
          Row r = rows.iterator().next();
          if (r.getBoolean("active")) {
            return Future.failedFuture(ApiException.conflict("The location has active charging sessions"));
          }
          if (r.getBoolean("attached")) {
            return Future.failedFuture(ApiException.conflict(
                "Chargers are attached to the location: move or delete them first"));
          }
          // The guards are repeated so a charger attached in between still blocks the delete.
          return s.pg().preparedQuery("UPDATE locations l SET deleted_at = now(), updated_at = now()"
                  + " WHERE l.id = $2 AND " + VISIBLE + " AND NOT " + ATTACHED + " AND NOT " + ACTIVE + " RETURNING l.id")
              .execute(Tuple.of(p.networkFilter(), id))
              .map(updated -> {
                if (updated.size() == 0) {
                  throw ApiException.conflict("The location changed meanwhile: chargers or sessions are attached");
                }
                return Reply.ok(new JsonObject().put("id", id.toString()).put("deleted", true));
              });
        });
  }

  private static JsonObject render(Row r) {
    return new JsonObject()
        .put("id", Json.id(r.getUUID("id")))
        .put("name", r.getString("name"))
        .put("address", r.getString("address"))
        .put("city", r.getString("city"))
        .put("state", r.getString("state"))
        .put("country", r.getString("country"))
        .put("postalCode", r.getString("postal_code"))
        .put("contactPhone", r.getString("contact_phone"))
        .put("timezone", r.getString("timezone"))
        .put("latitude", Json.number(r.getBigDecimal("latitude")))
        .put("longitude", Json.number(r.getBigDecimal("longitude")))
        .put("networkId", Json.id(r.getUUID("network_id")))
        .put("chargerCount", r.getLong("charger_count"))
        .put("createdAt", Json.time(r.getOffsetDateTime("created_at")))
        .put("updatedAt", Json.time(r.getOffsetDateTime("updated_at")));
  }
}
