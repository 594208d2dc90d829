package io.voltgate.api.support;

import static io.voltgate.api.support.ApiTestServer.await;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.UUID;

/** Rows the money tests need that other endpoints (not under test here) would create. */
public final class MoneyFixtures {

  private final Pool pg;

  public MoneyFixtures(Pool pg) {
    this.pg = pg;
  }

  public UUID location(UUID network, String name, String timezone) {
    UUID id = UUID.randomUUID();
    await(pg.preparedQuery("INSERT INTO locations (id, network_id, name, address, city, timezone)"
        + " VALUES ($1, $2, $3, '1 Main St', 'Springfield', $4)").execute(Tuple.of(id, network, name, timezone)));
    return id;
  }

  public UUID charger(UUID network, UUID location) {
    UUID id = UUID.randomUUID();
    await(pg.preparedQuery("INSERT INTO chargers (id, network_id, location_id, charge_point_id) VALUES ($1, $2, $3, $4)")
        .execute(Tuple.of(id, network, location, "CP-" + id.toString().substring(0, 8))));
    return id;
  }

  public String chargePointId(UUID charger) {
    return await(pg.preparedQuery("SELECT charge_point_id FROM chargers WHERE id = $1").execute(Tuple.of(charger)))
        .iterator().next().getString("charge_point_id");
  }

  public UUID connector(UUID charger, int evse) {
    UUID id = UUID.randomUUID();
    await(pg.preparedQuery("INSERT INTO connectors (id, charger_id, evse_id, connector_id, ocpp_connector_id)"
        + " VALUES ($1, $2, $3, 1, $3)").execute(Tuple.of(id, charger, evse)));
    return id;
  }

  /** A completed session; null start means Postgres' now(), stop = start + minutes. */
  public UUID completed(UUID network, UUID charger, UUID connector, Instant start, int minutes, String meterStartWh,
      String meterStopWh) {
    UUID id = UUID.randomUUID();
    await(pg.preparedQuery("INSERT INTO charging_sessions (id, network_id, charger_id, connector_pk, evse_id,"
            + " connector_id, ocpp_version, transaction_ref, id_token, id_token_type, status, started_at, stopped_at,"
            + " meter_start_wh, meter_stop_wh, energy_wh)"
            + " VALUES ($1, $2, $3, $4, 1, 1, '1.6', $5, 'TAG1', 'ISO14443', 'COMPLETED', COALESCE($6::timestamptz, now()),"
            + " COALESCE($6::timestamptz, now()) + make_interval(mins => $7::int), $8::numeric, $9::numeric, $9::numeric - $8::numeric)")
        .execute(Tuple.from(Arrays.asList(id, network, charger, connector, id.toString(),
            start == null ? null : start.atOffset(ZoneOffset.UTC), minutes, new BigDecimal(meterStartWh),
            new BigDecimal(meterStopWh)))));
    return id;
  }

  public UUID active(UUID network, UUID charger, UUID connector) {
    UUID id = UUID.randomUUID();
    await(pg.preparedQuery("INSERT INTO charging_sessions (id, network_id, charger_id, connector_pk, evse_id,"
            + " connector_id, ocpp_version, transaction_ref, status, started_at, meter_start_wh)"
            + " VALUES ($1, $2, $3, $4, 1, 1, '1.6', $5, 'ACTIVE', now(), 1000)")
        .execute(Tuple.of(id, network, charger, connector, id.toString())));
    return id;
  }

  public void sample(UUID session, UUID charger, Instant at, String measurand, String value) {
    await(pg.preparedQuery("INSERT INTO meter_samples (session_id, charger_id, evse_id, sampled_at, measurand,"
            + " location, context, unit, value, raw_value) VALUES ($1, $2, 1, $3, $4, 'Outlet', 'Sample.Periodic', $5, $6, $7)")
        .execute(Tuple.of(session, charger, OffsetDateTime.ofInstant(at, ZoneOffset.UTC), measurand,
            measurand.startsWith("Power") ? "W" : "Wh", new BigDecimal(value), value)));
  }

  public Instant startedAt(UUID session) {
    return await(pg.preparedQuery("SELECT started_at FROM charging_sessions WHERE id = $1").execute(Tuple.of(session)))
        .iterator().next().getOffsetDateTime("started_at").toInstant();
  }
}
