package io.voltgate.api.cpms;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import io.voltgate.api.ApiServices;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.cpms.fleet.Conflicts;
import io.voltgate.api.cpms.fleet.NetworkScope;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.http.ApiRoutes;
import io.voltgate.api.http.BodySchemas;
import io.voltgate.api.http.Json;
import io.voltgate.api.http.PageRequest;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The firmware catalog: images (and charger models) are global ({@code network_id} null) or private
 * to a network; a network never sees, nor conflicts with, another network's private ones. Lists
 * mark per model the newest release as {@code isLatest}. {@code POST /cpms/v1/firmware} is our
 * addition to the seed (see docs/cpms-fleet.md).
 */
public final class FirmwareEndpoints {

  private static final String COLUMNS = "f.id, f.network_id, f.model_id, f.vendor, f.model, f.version, f.location_url,"
      + " f.file_name, f.file_size_bytes, f.checksum, f.release_notes, f.ocpp_version_support, f.released_at, f.created_at";
  /** Images a key ($1) may read: global ones and its networks' own. */
  private static final String READABLE = "(f.network_id IS NULL OR $1::uuid[] IS NULL OR f.network_id = ANY($1))";
  /** ...and, for restricted keys, global images only for models their chargers use. */
  private static final String APPLICABLE = "($1::uuid[] IS NULL OR f.network_id = ANY($1) OR EXISTS (SELECT 1 FROM chargers c"
      + " WHERE c.deleted_at IS NULL AND c.network_id = ANY($1) AND (c.model_id = f.model_id"
      + " OR (lower(c.model) = lower(f.model) AND (f.vendor IS NULL OR lower(c.vendor) = lower(f.vendor))))))";
  private static final String LATEST = "row_number() OVER (PARTITION BY COALESCE(f.model_id::text, lower(f.model))"
      + " ORDER BY f.released_at DESC NULLS LAST, f.created_at DESC, f.id) = 1 AS is_latest";

  private final ApiServices s;

  public FirmwareEndpoints(ApiServices services) {
    this.s = Objects.requireNonNull(services);
  }

  public void register(ApiRoutes routes) {
    routes.tag("Firmware")
        .get("/cpms/v1/firmware", "cpms:firmware:read", "Catalog of firmware images applicable to the operator's chargers",
            (ctx, p) -> catalog(p, Params.queryUuid(ctx, "modelId"), PageRequest.from(ctx)))
        .get("/cpms/v1/charger-models/{modelId}/firmware", "cpms:firmware:read",
            "Catalog of firmware images available for a charger model",
            (ctx, p) -> forModel(p, Params.pathUuid(ctx, "modelId"), PageRequest.from(ctx)))
        .create("/cpms/v1/firmware", "cpms:firmware:write", "Add a firmware image to the catalog (Voltgate addition)",
            "firmware-create", (ctx, p) -> add(p, BodySchemas.validated(ctx, "firmware-create")));
  }

  private Future<Reply> catalog(ApiPrincipal p, UUID model, PageRequest page) {
    return page("WHERE " + READABLE + " AND " + APPLICABLE, "$2::uuid IS NULL OR model_id = $2",
        Tuple.of(p.networkFilter(), model, page.pageSize(), page.offset()), page);
  }

  private Future<Reply> forModel(ApiPrincipal p, UUID model, PageRequest page) {
    return s.pg().preparedQuery("SELECT id FROM charger_models WHERE id = $1 AND (network_id IS NULL"
            + " OR $2::uuid[] IS NULL OR network_id = ANY($2))").execute(Tuple.of(model, (Object) p.networkFilter()))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(ApiException.notFound("Charger model"))
            : page("WHERE " + READABLE + " AND f.model_id = $2", "true",
                Tuple.of(p.networkFilter(), model, page.pageSize(), page.offset()), page));
  }

  /** isLatest is decided over the visible images before paging; $3/$4 are limit and offset. */
  private Future<Reply> page(String where, String filter, Tuple params, PageRequest page) {
    return s.pg().preparedQuery("WITH v AS (SELECT " + COLUMNS + ", " + LATEST + " FROM firmware_images f " + where + ")"
            + " SELECT *, count(*) OVER () AS total FROM v WHERE " + filter
            + " ORDER BY lower(model), released_at DESC NULLS LAST, created_at DESC, id LIMIT $3 OFFSET $4")
        .execute(params)
        .map(rows -> {
          List<JsonObject> items = new ArrayList<>();
          long total = 0;
          for (Row r : rows) {
            total = r.getLong("total");
            items.add(render(r, r.getBoolean("is_latest")));
          }
          return Reply.page(items, page, total);
        });
  }

  private Future<Reply> add(ApiPrincipal p, JsonObject body) {
    if (body.getString("modelId") == null && body.getString("model") == null) {
      throw ApiException.badRequest("model", "model (with vendor) or modelId is required");
    }
    UUID requested = body.getString("networkUuid") == null ? null : UUID.fromString(body.getString("networkUuid"));
    // Unrestricted keys add to the global catalog unless they name a network.
    Future<UUID> network = p.unrestricted() && requested == null ? Future.succeededFuture()
        : NetworkScope.resolve(s.pg(), p, requested, "networkUuid");
    String url = body.getString("fileUrl");
    String fileName = body.getString("fileName", url.replaceFirst("[?#].*$", "").replaceFirst("^.*/", ""));
    OffsetDateTime released = body.getString("releasedAt") == null ? null : OffsetDateTime.parse(body.getString("releasedAt"));
    UUID id = UUID.randomUUID();
    return network.compose(net -> model(body, net).compose(m -> {
      String duplicate = "Version " + body.getString("version") + " of model " + m.getString("model") + " is already in the catalog";
      // Unique within the network's own entries (index) and against the global catalog (readable by
      // everyone); another network's private entries are never a conflict.
      return Conflicts.onDuplicate(s.pg().preparedQuery(
                "INSERT INTO firmware_images AS f (id, network_id, model_id, vendor, model, version, location_url, file_name,"
                    + " file_size_bytes, checksum, release_notes, ocpp_version_support, released_at)"
                    + " SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, COALESCE($13, now())"
                    + " WHERE $2::uuid IS NULL OR NOT EXISTS (SELECT 1 FROM firmware_images g"
                    + "   WHERE g.network_id IS NULL AND g.model = $5 AND g.version = $6)"
                    + " RETURNING " + COLUMNS)
            .execute(Tuple.from(new Object[] {id, net, m.getUUID("id"), m.getString("vendor").isEmpty() ? null : m.getString("vendor"),
                m.getString("model"), body.getString("version"), url, fileName.isEmpty() ? null : fileName,
                body.getLong("fileSizeBytes"), body.getString("checksum"), body.getString("releaseNotes"),
                body.getString("ocppVersionSupport"), released})), duplicate)
          .map(rows -> {
            if (rows.size() == 0) {
              throw ApiException.conflict(duplicate);
            }
            return Reply.created(render(rows.iterator().next(), null).put("created", true));
          });
    }));
  }

  /**
   * The named model as the target network ({@code null}: the global catalog) sees it: by id (404
   * when unknown or another network's), or by vendor and name — the network's own model, else the
   * global one, else a new model private to the network. Another network's model of the same name
   * is never found, so the answer does not depend on it.
   */
  private Future<Row> model(JsonObject body, UUID network) {
    if (body.getString("modelId") != null) {
      return s.pg().preparedQuery("SELECT id, vendor, model FROM charger_models WHERE id = $1"
              + " AND (network_id IS NULL OR network_id = $2)")
          .execute(Tuple.of(UUID.fromString(body.getString("modelId")), network))
          .compose(rows -> rows.size() == 0 ? Future.failedFuture(ApiException.notFound("Charger model"))
              : Future.succeededFuture(rows.iterator().next()));
    }
    String vendor = body.getString("vendor", "").trim();
    String name = body.getString("model").trim();
    Tuple byName = Tuple.of(vendor, name, network);
    String find = "SELECT id, vendor, model FROM charger_models WHERE lower(vendor) = lower($1) AND lower(model) = lower($2)"
        + " AND (network_id IS NULL OR network_id = $3) ORDER BY network_id NULLS LAST LIMIT 1";
    return s.pg().preparedQuery(find).execute(byName)
        .compose(found -> found.size() > 0 ? Future.succeededFuture(found)
            : s.pg().preparedQuery("INSERT INTO charger_models (id, vendor, model, network_id) VALUES ($1, $2, $3, $4)"
                    + " ON CONFLICT DO NOTHING")
                .execute(Tuple.of(UUID.randomUUID(), vendor, name, network))
                .compose(ignored -> s.pg().preparedQuery(find).execute(byName)))
        .map(RowSet::iterator).map(it -> it.next());
  }

  private static JsonObject render(Row r, Boolean latest) {
    JsonObject o = new JsonObject()
        .put("id", Json.id(r.getUUID("id")))
        .put("modelId", Json.id(r.getUUID("model_id")))
        .put("vendor", r.getString("vendor"))
        .put("model", r.getString("model"))
        .put("version", r.getString("version"))
        .put("fileName", r.getString("file_name"))
        .put("fileUrl", r.getString("location_url"))
        .put("fileSizeBytes", r.getLong("file_size_bytes"))
        .put("releaseNotes", r.getString("release_notes"))
        .put("ocppVersionSupport", r.getString("ocpp_version_support"))
        .put("checksum", r.getString("checksum"))
        .put("releasedAt", Json.time(r.getOffsetDateTime("released_at")))
        .put("createdAt", Json.time(r.getOffsetDateTime("created_at")))
        .put("networkId", Json.id(r.getUUID("network_id")));
    if (latest != null) {
      o.put("isLatest", latest);
    }
    return o;
  }
}
