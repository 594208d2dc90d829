package io.voltgate.api.cpms;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.cpms.fleet.Conflicts;
import io.voltgate.api.cpms.fleet.NetworkScope;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.http.BodySchemas;
import io.voltgate.api.http.Json;
import io.voltgate.api.http.PageRequest;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import io.voltgate.store.query.FirmwareImage;
import io.voltgate.store.query.FirmwareQueries;
import io.voltgate.store.query.NetworkQueries;
import io.voltgate.store.query.Page;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

/**
 * The firmware catalog: images (and charger models) are global ({@code network_id} null) or private
 * to a network; a network never sees, nor conflicts with, another network's private ones. Lists
 * mark per model the newest release as {@code isLatest}. {@code POST /cpms/v1/firmware} is our
 * addition to the seed (see docs/cpms-fleet.md).
 */
public final class FirmwareEndpoints {

  private final FirmwareQueries firmware;
  private final NetworkQueries networks;

  public FirmwareEndpoints(FirmwareQueries firmware, NetworkQueries networks) {
    this.firmware = Objects.requireNonNull(firmware);
    this.networks = Objects.requireNonNull(networks);
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
    return firmware.catalog(p.scope(), model, page.pageSize(), page.offset()).map(found -> render(found, page));
  }

  private Future<Reply> forModel(ApiPrincipal p, UUID model, PageRequest page) {
    return firmware.modelReadable(p.scope(), model)
        .compose(readable -> !readable ? Future.failedFuture(ApiException.notFound("Charger model"))
            : firmware.forModel(p.scope(), model, page.pageSize(), page.offset()).map(found -> render(found, page)));
  }

  private static Reply render(Page<FirmwareImage> found, PageRequest page) {
    return Reply.page(found.items().stream().map(f -> render(f, f.latest())).toList(), page, found.total());
  }

  private Future<Reply> add(ApiPrincipal p, JsonObject body) {
    if (body.getString("modelId") == null && body.getString("model") == null) {
      throw ApiException.badRequest("model", "model (with vendor) or modelId is required");
    }
    UUID requested = body.getString("networkUuid") == null ? null : UUID.fromString(body.getString("networkUuid"));
    // Unrestricted keys add to the global catalog unless they name a network.
    Future<UUID> network = p.unrestricted() && requested == null ? Future.succeededFuture()
        : NetworkScope.resolve(networks, p, requested, "networkUuid");
    String url = body.getString("fileUrl");
    String fileName = body.getString("fileName", url.replaceFirst("[?#].*$", "").replaceFirst("^.*/", ""));
    OffsetDateTime released = body.getString("releasedAt") == null ? null : OffsetDateTime.parse(body.getString("releasedAt"));
    UUID id = UUID.randomUUID();
    return network.compose(net -> model(body, net).compose(m -> {
      String duplicate = "Version " + body.getString("version") + " of model " + m.model() + " is already in the catalog";
      // Unique within the network's own entries (index) and against the global catalog (readable by
      // everyone); another network's private entries are never a conflict.
      return Conflicts.onDuplicate(firmware.add(new FirmwareQueries.New(id, net, m, body.getString("version"), url,
              fileName.isEmpty() ? null : fileName, body.getLong("fileSizeBytes"), body.getString("checksum"),
              body.getString("releaseNotes"), body.getString("ocppVersionSupport"), released)), duplicate)
          .map(added -> Reply.created(render(added.orElseThrow(() -> ApiException.conflict(duplicate)), null)
              .put("created", true)));
    }));
  }

  /**
   * The named model as the target network ({@code null}: the global catalog) sees it: by id (404
   * when unknown or another network's), or by vendor and name (found or created; see
   * {@link FirmwareQueries#modelByName}).
   */
  private Future<FirmwareQueries.ChargerModel> model(JsonObject body, UUID network) {
    if (body.getString("modelId") != null) {
      return firmware.modelById(network, UUID.fromString(body.getString("modelId")))
          .map(found -> found.orElseThrow(() -> ApiException.notFound("Charger model")));
    }
    return firmware.modelByName(network, body.getString("vendor", "").trim(), body.getString("model").trim());
  }

  private static JsonObject render(FirmwareImage f, Boolean latest) {
    JsonObject o = new JsonObject()
        .put("id", Json.id(f.id()))
        .put("modelId", Json.id(f.modelId()))
        .put("vendor", f.vendor())
        .put("model", f.model())
        .put("version", f.version())
        .put("fileName", f.fileName())
        .put("fileUrl", f.locationUrl())
        .put("fileSizeBytes", f.fileSizeBytes())
        .put("releaseNotes", f.releaseNotes())
        .put("ocppVersionSupport", f.ocppVersionSupport())
        .put("checksum", f.checksum())
        .put("releasedAt", Json.time(f.releasedAt()))
        .put("createdAt", Json.time(f.createdAt()))
        .put("networkId", Json.id(f.networkId()));
    if (latest != null) {
      o.put("isLatest", latest);
    }
    return o;
  }
}
