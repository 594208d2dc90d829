package io.voltgate.store.query;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The firmware catalog: images and charger models are global ({@code network_id} null) or private
 * to a network; a scope reads the global ones and its networks' own, never another network's. A
 * driver scope reads nothing (the catalog is an operator's).
 */
public final class FirmwareQueries {

  private static final String COLUMNS = "f.id, f.network_id, f.model_id, f.vendor, f.model, f.version, f.location_url,"
      + " f.file_name, f.file_size_bytes, f.checksum, f.release_notes, f.ocpp_version_support, f.released_at, f.created_at";
  /** Images a scope ($1) may read: global ones and its networks' own. */
  private static final String READABLE = "(f.network_id IS NULL OR $1::uuid[] IS NULL OR f.network_id = ANY($1))";
  /** ...and, for network scopes, global images only for models their chargers use. */
  private static final String APPLICABLE = "($1::uuid[] IS NULL OR f.network_id = ANY($1) OR EXISTS (SELECT 1 FROM chargers c"
      + " WHERE c.deleted_at IS NULL AND c.network_id = ANY($1) AND (c.model_id = f.model_id"
      + " OR (lower(c.model) = lower(f.model) AND (f.vendor IS NULL OR lower(c.vendor) = lower(f.vendor))))))";
  private static final String LATEST = "row_number() OVER (PARTITION BY COALESCE(f.model_id::text, lower(f.model))"
      + " ORDER BY f.released_at DESC NULLS LAST, f.created_at DESC, f.id) = 1 AS is_latest";

  private final Pool pg;

  public FirmwareQueries(Pool pg) {
    this.pg = Objects.requireNonNull(pg);
  }

  /** The images applicable to the scope's chargers, optionally of one model, by model then newest first. */
  public Future<Page<FirmwareImage>> catalog(Scope scope, UUID model, int limit, int offset) {
    return page(scope, "WHERE " + READABLE + " AND " + APPLICABLE, "$2::uuid IS NULL OR model_id = $2", model, limit, offset);
  }

  /** The readable images of a model, by newest first. */
  public Future<Page<FirmwareImage>> forModel(Scope scope, UUID model, int limit, int offset) {
    return page(scope, "WHERE " + READABLE + " AND f.model_id = $2", "true", model, limit, offset);
  }

  /** isLatest is decided over the readable images before filtering and paging. */
  private Future<Page<FirmwareImage>> page(Scope scope, String where, String filter, UUID model, int limit, int offset) {
    if (scope.isDriver()) {
      return Future.succeededFuture(new Page<>(List.of(), 0));
    }
    return Paging.page(pg, "*", "FROM (SELECT " + COLUMNS + ", " + LATEST + " FROM firmware_images f " + where + ") v"
            + " WHERE " + filter, "lower(model), released_at DESC NULLS LAST, created_at DESC, id",
        Tuple.of(scope.networkBind(), model), limit, offset, r -> toImage(r, r.getBoolean("is_latest")));
  }

  /** Whether the model is global or one of the scope's networks' own. */
  public Future<Boolean> modelReadable(Scope scope, UUID model) {
    if (scope.isDriver()) {
      return Future.succeededFuture(false);
    }
    return pg.preparedQuery("SELECT id FROM charger_models WHERE id = $1 AND (network_id IS NULL"
            + " OR " + scope.networkPredicate("network_id", 2) + ")")
        .execute(Tuple.of(model, scope.networkBind()))
        .map(rows -> rows.size() > 0);
  }

  /** A charger model (vendor empty when unknown). */
  public record ChargerModel(UUID id, String vendor, String model) {
  }

  /**
   * A model by id as the target network ({@code null}: the global catalog) sees it: global or the
   * network's own; empty otherwise.
   */
  public Future<Optional<ChargerModel>> modelById(UUID network, UUID id) {
    return pg.preparedQuery("SELECT id, vendor, model FROM charger_models WHERE id = $1"
            + " AND (network_id IS NULL OR network_id = $2)")
        .execute(Tuple.of(id, network))
        .map(rows -> Rows.first(rows).map(FirmwareQueries::toModel));
  }

  /**
   * A model by vendor and name as the target network sees it: the network's own, else the global
   * one, else a new model private to the network. Another network's model of the same name is never
   * found, so the answer does not depend on it.
   */
  public Future<ChargerModel> modelByName(UUID network, String vendor, String name) {
    Tuple byName = Tuple.of(vendor, name, network);
    String find = "SELECT id, vendor, model FROM charger_models WHERE lower(vendor) = lower($1) AND lower(model) = lower($2)"
        + " AND (network_id IS NULL OR network_id = $3) ORDER BY network_id NULLS LAST LIMIT 1";
    return pg.preparedQuery(find).execute(byName)
        .compose(found -> found.size() > 0 ? Future.succeededFuture(found)
            : pg.preparedQuery("INSERT INTO charger_models (id, vendor, model, network_id) VALUES ($1, $2, $3, $4)"
                    + " ON CONFLICT DO NOTHING")
                .execute(Tuple.of(UUID.randomUUID(), vendor, name, network))
                .compose(ignored -> pg.preparedQuery(find).execute(byName)))
        .map(rows -> toModel(rows.iterator().next()));
  }

  /** A new image of a model, on a network already resolved within the caller's scope (null: global). */
  public record New(UUID id, UUID networkId, ChargerModel model, String version, String locationUrl, String fileName,
      Long fileSizeBytes, String checksum, String releaseNotes, String ocppVersionSupport, OffsetDateTime releasedAt) {
  }

  /**
   * Adds an image; empty when a private one would duplicate a global version. A duplicate within
   * the network's own entries fails with the unique violation.
   */
  public Future<Optional<FirmwareImage>> add(New f) {
    ChargerModel m = f.model();
    return pg.preparedQuery(
            "INSERT INTO firmware_images AS f (id, network_id, model_id, vendor, model, version, location_url, file_name,"
                + " file_size_bytes, checksum, release_notes, ocpp_version_support, released_at)"
                + " SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, COALESCE($13, now())"
                + " WHERE $2::uuid IS NULL OR NOT EXISTS (SELECT 1 FROM firmware_images g"
                + "   WHERE g.network_id IS NULL AND g.model = $5 AND g.version = $6)"
                + " RETURNING " + COLUMNS)
        .execute(Tuple.from(new Object[] {f.id(), f.networkId(), m.id(), m.vendor().isEmpty() ? null : m.vendor(),
            m.model(), f.version(), f.locationUrl(), f.fileName(), f.fileSizeBytes(), f.checksum(), f.releaseNotes(),
            f.ocppVersionSupport(), f.releasedAt()}))
        .map(rows -> Rows.first(rows).map(r -> toImage(r, null)));
  }

  private static ChargerModel toModel(Row r) {
    return new ChargerModel(r.getUUID("id"), r.getString("vendor"), r.getString("model"));
  }

  private static FirmwareImage toImage(Row r, Boolean latest) {
    return new FirmwareImage(r.getUUID("id"), r.getUUID("network_id"), r.getUUID("model_id"), r.getString("vendor"),
        r.getString("model"), r.getString("version"), r.getString("location_url"), r.getString("file_name"),
        r.getLong("file_size_bytes"), r.getString("checksum"), r.getString("release_notes"),
        r.getString("ocpp_version_support"), r.getOffsetDateTime("released_at"), r.getOffsetDateTime("created_at"), latest);
  }
}
