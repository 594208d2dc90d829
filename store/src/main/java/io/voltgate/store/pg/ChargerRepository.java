package io.voltgate.store.pg;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.voltgate.store.model.BootInfo;
import io.voltgate.store.model.ChargerRecord;
import io.voltgate.store.model.ConnectorStatus;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Durable charger facts: identity, boot info, connector statuses and their history, notifications. */
public final class ChargerRepository {

  private static final String COLUMNS = "id, network_id, charge_point_id, registration_status,"
      + " security_profile, password_hash, vendor, model, firmware_version";

  private final Pool pg;

  public ChargerRepository(Pool pg) {
    this.pg = Objects.requireNonNull(pg);
  }

  /** The live (not deleted) charger with this chargePointId, if any. */
  public Future<Optional<ChargerRecord>> findByChargePointId(String chargePointId) {
    return pg.preparedQuery("SELECT " + COLUMNS + " FROM chargers WHERE charge_point_id = $1"
            + " AND deleted_at IS NULL")
        .execute(Tuple.of(chargePointId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toRecord(rows.iterator().next())));
  }

  /**
   * A page of live chargers in chargePointId order after {@code afterChargePointId} (null: from the
   * start), for warming caches in bulk.
   */
  public Future<java.util.List<ChargerRecord>> pageLive(String afterChargePointId, int limit) {
    return pg.preparedQuery("SELECT " + COLUMNS + " FROM chargers WHERE deleted_at IS NULL"
            + " AND ($1::text IS NULL OR charge_point_id > $1) ORDER BY charge_point_id LIMIT $2")
        .execute(Tuple.of(afterChargePointId, limit))
        .map(rows -> {
          java.util.List<ChargerRecord> out = new java.util.ArrayList<>(rows.size());
          rows.forEach(r -> out.add(toRecord(r)));
          return out;
        });
  }

  /**
   * The live chargers among these chargePointIds, in one query (ids without a live charger are simply
   * absent): how caches load announced changes and batched registrations read back their conflicts.
   */
  public Future<java.util.List<ChargerRecord>> findLive(java.util.Collection<String> chargePointIds) {
    return pg.preparedQuery("SELECT " + COLUMNS + " FROM chargers WHERE charge_point_id = ANY($1)"
            + " AND deleted_at IS NULL")
        .execute(Tuple.of(chargePointIds.toArray(String[]::new)))
        .map(rows -> {
          java.util.List<ChargerRecord> out = new java.util.ArrayList<>(rows.size());
          rows.forEach(r -> out.add(toRecord(r)));
          return out;
        });
  }

  /**
   * Registers many chargers seen for the first time in one statement (one commit for the batch). An id
   * that already has a live charger (registered meanwhile, by the API or another node) is left as it
   * is and read back: the answer holds the charger each id has now, credentials included, so the
   * caller can tell a charger it just created from one that requires authentication.
   */
  public Future<java.util.Map<String, ChargerRecord>> registerAll(java.util.Collection<String> chargePointIds,
      UUID networkId, String registrationStatus) {
    String[] ids = chargePointIds.stream().distinct().toArray(String[]::new);
    UUID[] keys = new UUID[ids.length];
    for (int i = 0; i < ids.length; i++) {
      keys[i] = UUID.randomUUID();
    }
    return pg.preparedQuery("INSERT INTO chargers (id, network_id, charge_point_id, registration_status)"
            + " SELECT u.id, $3, u.cp, $4 FROM unnest($1::uuid[], $2::text[]) AS u(id, cp)"
            + " ON CONFLICT (charge_point_id) WHERE deleted_at IS NULL DO NOTHING RETURNING " + COLUMNS)
        .execute(Tuple.of(keys, ids, networkId, registrationStatus))
        .compose(rows -> {
          java.util.Map<String, ChargerRecord> out = new java.util.HashMap<>();
          rows.forEach(r -> out.put(r.getString("charge_point_id"), toRecord(r)));
          java.util.List<String> conflicting = java.util.Arrays.stream(ids).filter(id -> !out.containsKey(id)).toList();
          if (conflicting.isEmpty()) {
            return Future.succeededFuture(out);
          }
          return findLive(conflicting).map(found -> {
            found.forEach(c -> out.put(c.chargePointId(), c));
            return out;
          });
        });
  }

  /**
   * Registers a charger seen for the first time in the given network; a concurrent registration of
   * the same id wins and is returned.
   */
  public Future<ChargerRecord> register(String chargePointId, UUID networkId, String registrationStatus) {
    return pg.preparedQuery("INSERT INTO chargers (id, network_id, charge_point_id, registration_status)"
            + " VALUES ($1, $2, $3, $4) ON CONFLICT (charge_point_id) WHERE deleted_at IS NULL DO NOTHING"
            + " RETURNING " + COLUMNS)
        .execute(Tuple.of(UUID.randomUUID(), networkId, chargePointId, registrationStatus))
        // No row back: someone registered it concurrently; theirs is the charger.
        .compose(rows -> rows.size() > 0 ? Future.succeededFuture(Optional.of(toRecord(rows.iterator().next())))
            : findByChargePointId(chargePointId))
        .map(found -> found.orElseThrow(() -> new IllegalStateException(
            "charger " + chargePointId + " vanished right after registration")));
  }

  /**
   * Creates or updates a charger's security settings (profile 0–3 and bcrypt password hash), e.g.
   * from the credentials file or the API. New chargers join {@code networkId}.
   */
  public Future<Void> provisionSecurity(String chargePointId, UUID networkId, int profile, String passwordHash) {
    return pg.preparedQuery("INSERT INTO chargers (id, network_id, charge_point_id, security_profile, password_hash)"
            + " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (charge_point_id) WHERE deleted_at IS NULL DO UPDATE SET"
            + " security_profile = EXCLUDED.security_profile,"
            + " password_hash = COALESCE(EXCLUDED.password_hash, chargers.password_hash), updated_at = now()")
        .execute(Tuple.of(UUID.randomUUID(), networkId, chargePointId, profile, passwordHash)).mapEmpty();
  }

  /** Stores what the charger said at boot. */
  public Future<Void> recordBoot(UUID chargerId, BootInfo b) {
    return pg.preparedQuery("UPDATE chargers SET vendor = $2, model = $3, serial_number = $4,"
            + " charge_box_serial_number = $5, firmware_version = $6, iccid = $7, imsi = $8,"
            + " meter_type = $9, meter_serial_number = $10, last_boot_reason = $11, ocpp_version = $12,"
            + " last_boot_at = now(), updated_at = now() WHERE id = $1")
        .execute(Tuple.from(new Object[] {chargerId, b.vendor(), b.model(), b.serialNumber(),
            b.chargeBoxSerialNumber(), b.firmwareVersion(), b.iccid(), b.imsi(), b.meterType(),
            b.meterSerialNumber(), b.reason(), b.ocppVersion()}))
        .mapEmpty();
  }

  /** Records a status report: history always, the connector row for connectors (evse > 0). */
  public Future<Void> recordStatus(UUID chargerId, ConnectorStatus s) {
    OffsetDateTime at = utc(s.timestamp());
    Future<?> history = pg.preparedQuery("INSERT INTO status_history (charger_id, evse_id, connector_id,"
            + " status, error_code, info, vendor_id, vendor_error_code, reported_at)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
        .execute(Tuple.from(new Object[] {chargerId, s.evseId(), s.connectorId(), s.status(),
            s.errorCode(), s.info(), s.vendorId(), s.vendorErrorCode(), at}));
    if (s.wholeCharger()) {
      return history.mapEmpty();
    }
    Future<?> connector = pg.preparedQuery("INSERT INTO connectors (id, charger_id, evse_id, connector_id,"
            + " ocpp_connector_id, status, error_code, info, vendor_id, vendor_error_code, status_at)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
            + " ON CONFLICT (charger_id, evse_id, connector_id) WHERE deleted_at IS NULL DO UPDATE SET"
            + " status = EXCLUDED.status, error_code = EXCLUDED.error_code, info = EXCLUDED.info,"
            + " vendor_id = EXCLUDED.vendor_id, vendor_error_code = EXCLUDED.vendor_error_code,"
            + " status_at = EXCLUDED.status_at, updated_at = now()"
            + " WHERE connectors.status_at IS NULL OR connectors.status_at <= EXCLUDED.status_at")
        .execute(Tuple.from(new Object[] {UUID.randomUUID(), chargerId, s.evseId(), s.connectorId(),
            s.evseId(), s.status(), s.errorCode(), s.info(), s.vendorId(), s.vendorErrorCode(), at}));
    return Future.all(history, connector).mapEmpty();
  }

  /** Firmware update progress ({@code FirmwareStatusNotification}). */
  public Future<Void> recordFirmwareStatus(UUID chargerId, String status) {
    return pg.preparedQuery("UPDATE chargers SET firmware_status = $2, firmware_status_at = now()"
            + " WHERE id = $1").execute(Tuple.of(chargerId, status)).mapEmpty();
  }

  /** Diagnostics / log upload progress. */
  public Future<Void> recordDiagnosticsStatus(UUID chargerId, String status) {
    return pg.preparedQuery("UPDATE chargers SET diagnostics_status = $2, diagnostics_status_at = now()"
            + " WHERE id = $1").execute(Tuple.of(chargerId, status)).mapEmpty();
  }

  /** A security event reported by the charger or raised by the gateway (e.g. failed handshake). */
  public Future<Void> recordSecurityEvent(UUID chargerId, String chargePointId, String type,
      String techInfo, Instant occurredAt) {
    return pg.preparedQuery("INSERT INTO security_events (charger_id, charge_point_id, type, tech_info,"
            + " occurred_at) VALUES ($1, $2, $3, $4, $5)")
        .execute(Tuple.of(chargerId, chargePointId, type, techInfo, utc(occurredAt))).mapEmpty();
  }

  /** Any other notification worth keeping (NotifyEvent, DataTransfer, charging limits, ...). */
  public Future<Void> recordEvent(UUID chargerId, String kind, JsonObject payload) {
    return pg.preparedQuery("INSERT INTO charger_events (charger_id, kind, payload) VALUES ($1, $2, $3)")
        .execute(Tuple.of(chargerId, kind, payload)).mapEmpty();
  }

  /** Upserts device-model / configuration values (2.0.1 NotifyReport, 1.6 GetConfiguration). */
  public Future<Void> storeVariables(UUID chargerId, java.util.List<Tuple> rows) {
    if (rows.isEmpty()) {
      return Future.succeededFuture();
    }
    return pg.preparedQuery("INSERT INTO charger_variables (charger_id, component, component_instance,"
            + " evse_id, connector_id, variable, variable_instance, attribute_type, value, mutability,"
            + " characteristics) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
            + " ON CONFLICT (charger_id, component, component_instance, evse_id, connector_id, variable,"
            + " variable_instance, attribute_type) DO UPDATE SET value = EXCLUDED.value,"
            + " mutability = EXCLUDED.mutability, characteristics = EXCLUDED.characteristics,"
            + " updated_at = now()")
        .executeBatch(rows).mapEmpty();
  }

  static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  private static ChargerRecord toRecord(Row r) {
    return new ChargerRecord(r.getUUID("id"), r.getUUID("network_id"), r.getString("charge_point_id"),
        r.getString("registration_status"), r.getInteger("security_profile"),
        r.getString("password_hash"), r.getString("vendor"), r.getString("model"),
        r.getString("firmware_version"));
  }
}
