package io.voltgate.services.billing;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import io.voltgate.store.model.EventType;
import io.voltgate.store.pg.AnalyticsRollups;
import io.voltgate.store.pg.WebhookOutbox;
import io.voltgate.store.query.TariffAssignmentQueries;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Turns one completed session into its priced transaction (CDR): loads the session, its tariff (the
 * one stored on the session, else resolved most-specific-first: connector, charger, location,
 * network — preferring the assignment in effect when the session started), and its meter readings;
 * prices it with {@link PricingEngine}; inserts the CDR. Idempotent: {@code transactions.session_id}
 * is unique and a second attempt changes nothing.
 */
public final class SessionBilling {

  /** What {@link #bill(UUID)} did. */
  public enum Outcome {
    /** A CDR was written now. */
    PRICED,
    /** The session already had its CDR. */
    ALREADY_PRICED,
    /** Unknown, not completed, or an orphan (a stop Voltgate never saw start): nothing to bill. */
    NOT_BILLABLE
  }

  private static final String SESSION = "SELECT s.id, s.network_id, s.charger_id, s.connector_pk, s.status, s.orphan,"
      + " s.started_at, s.stopped_at, s.meter_start_wh, s.meter_stop_wh, s.energy_wh, s.tariff_id, s.id_token_type, s.stop_reason,"
      + " c.location_id, l.timezone, n.currency AS network_currency, n.settings AS network_settings,"
      + " EXISTS (SELECT 1 FROM transactions x WHERE x.session_id = s.id) AS priced"
      + " FROM charging_sessions s JOIN chargers c ON c.id = s.charger_id JOIN networks n ON n.id = s.network_id"
      + " LEFT JOIN locations l ON l.id = c.location_id WHERE s.id = $1";

  /** $1 network, $2 location, $3 charger, $4 connector, $5 session start: the shared rule of the store. */
  private static final String RESOLVE = TariffAssignmentQueries.effectiveTariff(TariffRow.COLUMNS, "$1", "$2", "$3",
      "$4", "$5");

  private static final String READINGS = "SELECT sampled_at, measurand, value FROM meter_samples WHERE session_id = $1"
      + " AND phase IS NULL AND value IS NOT NULL AND (location IS NULL OR location = 'Outlet')"
      + " AND measurand IN ('Energy.Active.Import.Register', 'Power.Active.Import') ORDER BY sampled_at, id";

  private static final String INSERT = "INSERT INTO transactions (id, session_id, network_id, charger_id, tariff_id,"
      + " currency, energy_kwh, duration_seconds, idle_seconds, energy_cost, time_cost, session_fee, idle_fee, subtotal,"
      + " tax, total, breakdown, payment_status, started_at, stopped_at, ocpi_id, tax_rate, is_free,"
      + " energy_supply_cost, processing_fees, auth_method) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,"
      + " $13, $14, $15, $16, $17, $18, $19, $20,"
      + " 'CDR-' || to_char($20 AT TIME ZONE 'UTC', 'YYYY') || '-' || lpad(nextval('cdr_number_seq')::text, 6, '0'),"
      + " $21, $22, $23, $24, $25) ON CONFLICT (session_id) DO NOTHING RETURNING id";

  private final Pool pg;

  public SessionBilling(Pool pg) {
    this.pg = Objects.requireNonNull(pg);
  }

  /** Prices the session and writes its CDR; fails only on backend errors (retry later). */
  public Future<Outcome> bill(UUID sessionId) {
    return pg.preparedQuery(SESSION).execute(Tuple.of(sessionId)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(Outcome.NOT_BILLABLE);
      }
      Row s = rows.iterator().next();
      if (s.getBoolean("priced")) {
        return Future.succeededFuture(Outcome.ALREADY_PRICED);
      }
      if (!"COMPLETED".equals(s.getString("status")) || Boolean.TRUE.equals(s.getBoolean("orphan"))
          || s.getOffsetDateTime("stopped_at") == null) {
        return Future.succeededFuture(Outcome.NOT_BILLABLE);
      }
      return tariff(s).compose(tariff -> pg.preparedQuery(READINGS).execute(Tuple.of(sessionId))
          .compose(samples -> write(s, tariff, samples)));
    });
  }

  /**
   * The price of a session so far, by the same tariff, readings and engine {@link #bill} prices it
   * with: a running session as if it stopped at {@code now}, with the energy its register readings
   * show; a stopped one as its CDR will be. Completes with empty for an unknown session or an orphan;
   * fails only on backend errors. Writes nothing.
   */
  public Future<java.util.Optional<PriceBreakdown>> priceSoFar(UUID sessionId, Instant now) {
    return pg.preparedQuery(SESSION).execute(Tuple.of(sessionId)).compose(rows -> {
      if (rows.size() == 0 || Boolean.TRUE.equals(rows.iterator().next().getBoolean("orphan"))) {
        return Future.succeededFuture(java.util.Optional.empty());
      }
      Row s = rows.iterator().next();
      return tariff(s).compose(tariff -> pg.preparedQuery(READINGS).execute(Tuple.of(sessionId))
          .map(samples -> java.util.Optional.of(PricingEngine.price(rates(s, tariff), usage(s, samples, now)))));
    });
  }

  private static TariffRates rates(Row s, Row tariff) {
    return tariff == null ? TariffRates.none(Currency.getInstance(s.getString("network_currency").trim()))
        : TariffRow.rates(tariff);
  }

  /** The tariff row (aliased t) that applies, or null when none does. */
  private Future<Row> tariff(Row s) {
    UUID stored = s.getUUID("tariff_id");
    if (stored != null) {
      return pg.preparedQuery("SELECT " + TariffRow.COLUMNS + " FROM tariffs t WHERE t.id = $1")
          .execute(Tuple.of(stored)).map(SessionBilling::firstOrNull);
    }
    return pg.preparedQuery(RESOLVE).execute(Tuple.of(s.getUUID("network_id"), s.getUUID("location_id"),
        s.getUUID("charger_id"), s.getUUID("connector_pk"), s.getOffsetDateTime("started_at")))
        .map(SessionBilling::firstOrNull);
  }

  private Future<Outcome> write(Row s, Row tariff, RowSet<Row> samples) {
    TariffRates rates = rates(s, tariff);
    SessionUsage usage = usage(s, samples, s.getOffsetDateTime("stopped_at").toInstant());
    PriceBreakdown price = PricingEngine.price(rates, usage);
    OperatorCosts costs = OperatorCosts.of(s.getJsonObject("network_settings"), price, rates.currency());
    UUID tariffId = tariff == null ? null : tariff.getUUID("id");
    JsonObject breakdown = price.toJson().put("tariffId", tariffId == null ? null : tariffId.toString())
        .put("energySupplyCost", costs.energySupply().toPlainString())
        .put("processingFees", costs.processing().toPlainString());
    UUID sessionId = s.getUUID("id");
    Object[] args = {UUID.randomUUID(), sessionId, s.getUUID("network_id"), s.getUUID("charger_id"), tariffId,
        price.currency(), price.energyKwh(), price.durationSeconds(), price.idleSeconds(), price.energyCost(),
        price.timeCost(), price.sessionFee(), price.idleFee(), price.subtotal(), price.tax(), price.total(), breakdown,
        price.total().signum() > 0 ? "pending" : "not_required", s.getOffsetDateTime("started_at"),
        s.getOffsetDateTime("stopped_at"), tariff == null ? null : price.taxRatePercent(), price.free() || tariff == null,
        costs.energySupply(), costs.processing(), authMethod(s.getString("id_token_type"))};
    return pg.withTransaction(conn -> conn.preparedQuery(INSERT).execute(Tuple.from(args)).compose(inserted -> {
      if (inserted.size() == 0) {
        return Future.succeededFuture(Outcome.ALREADY_PRICED);
      }
      UUID transactionId = (UUID) args[0];
      return conn.preparedQuery("UPDATE charging_sessions SET tariff_id = COALESCE(tariff_id, $2) WHERE id = $1")
          .execute(Tuple.of(sessionId, tariffId))
          .compose(v -> enqueueWebhooks(conn, s, transactionId, price))
          .compose(v -> addToRollups(conn, s, price))
          .map(Outcome.PRICED);
    }));
  }

  /**
   * The session in the analytics rollups (docs/analytics.md), in the CDR's transaction: its day is
   * the day it started, in its network's time zone.
   */
  private static Future<Void> addToRollups(io.vertx.sqlclient.SqlConnection conn, Row s, PriceBreakdown price) {
    JsonObject settings = s.getJsonObject("network_settings");
    ZoneId zone = zone(settings == null ? null : settings.getString("timeZone"));
    java.time.LocalDate day = s.getOffsetDateTime("started_at").atZoneSameInstant(zone).toLocalDate();
    return AnalyticsRollups.addSession(conn, s.getUUID("network_id"), s.getUUID("location_id"), day,
        AnalyticsRollups.failed(s.getString("stop_reason")), price.durationSeconds(), price.energyKwh(), price.total());
  }

  /**
   * The {@code transaction.created} webhook deliveries, written in the same transaction as the CDR
   * (the outbox): a CDR never exists without its notification, nor the other way round.
   */
  private static Future<Void> enqueueWebhooks(io.vertx.sqlclient.SqlConnection conn, Row s, UUID transactionId,
      PriceBreakdown price) {
    String eventId = UUID.randomUUID().toString();
    JsonObject payload = new JsonObject().put("id", eventId).put("type", EventType.TRANSACTION_CREATED.wire())
        .put("timestamp", Instant.now().toString()).put("networkId", s.getUUID("network_id").toString())
        .put("chargePointId", null)
        .put("data", new JsonObject().put("transactionId", transactionId.toString())
            .put("sessionId", s.getUUID("id").toString()).put("chargerId", s.getUUID("charger_id").toString())
            .put("currency", price.currency()).put("energyKwh", price.energyKwh().doubleValue())
            .put("total", price.total().toPlainString()).put("subtotal", price.subtotal().toPlainString())
            .put("tax", price.tax().toPlainString()).put("chargingStatus", "FINISHED"));
    return WebhookOutbox.enqueue(conn, List.of(new WebhookOutbox.Event(eventId, EventType.TRANSACTION_CREATED.wire(),
        payload, s.getUUID("network_id"), 5)));
  }

  /**
   * The session's readings, with its meter start and stop as register readings at start and stop; a
   * session not stopped yet ends at {@code now} with the energy its newest register reading shows.
   */
  static SessionUsage usage(Row s, RowSet<Row> samples, Instant now) {
    Instant start = s.getOffsetDateTime("started_at").toInstant();
    OffsetDateTime stoppedAt = s.getOffsetDateTime("stopped_at");
    Instant stop = stoppedAt == null ? now : stoppedAt.toInstant();
    Map<Instant, BigDecimal[]> byTime = new TreeMap<>();
    BigDecimal meterStart = s.getBigDecimal("meter_start_wh");
    BigDecimal meterStop = s.getBigDecimal("meter_stop_wh");
    if (meterStart != null) {
      byTime.computeIfAbsent(start, t -> new BigDecimal[2])[0] = meterStart;
    }
    for (Row r : samples) {
      BigDecimal[] slot = byTime.computeIfAbsent(r.getOffsetDateTime("sampled_at").toInstant(), t -> new BigDecimal[2]);
      slot["Power.Active.Import".equals(r.getString("measurand")) ? 1 : 0] = r.getBigDecimal("value");
    }
    if (meterStop != null) {
      byTime.computeIfAbsent(stop, t -> new BigDecimal[2])[0] = meterStop;
    }
    List<MeterReading> readings = new ArrayList<>();
    byTime.forEach((at, v) -> readings.add(new MeterReading(at, v[0], v[1])));
    BigDecimal energy = s.getBigDecimal("energy_wh");
    if (energy == null && stoppedAt == null) {
      // Running: the register's rise so far (from the meter start, else from its first reading).
      List<BigDecimal> registers = readings.stream().filter(r -> r.energyWh() != null && !r.at().isAfter(stop))
          .map(MeterReading::energyWh).toList();
      if (!registers.isEmpty()) {
        energy = registers.get(registers.size() - 1).subtract(registers.get(0));
      }
    }
    return new SessionUsage(start, stop, energy, readings, zone(s.getString("timezone")));
  }

  private static ZoneId zone(String name) {
    try {
      return name == null || name.isBlank() ? ZoneOffset.UTC : ZoneId.of(name);
    } catch (DateTimeException e) {
      return ZoneOffset.UTC;
    }
  }

  /** OCPI-style authorization method from the token type of the session. */
  public static String authMethod(String tokenType) {
    if (tokenType == null) {
      return null;
    }
    return switch (tokenType) {
      case "ISO14443", "ISO15693", "MifareUltralight" -> "RFID";
      case "eMAID" -> "AppUser";
      case "KeyCode" -> "KeyCode";
      case "NoAuthorization" -> "NoAuthorization";
      default -> "AuthRequest";
    };
  }

  private static Row firstOrNull(RowSet<Row> rows) {
    return rows.size() == 0 ? null : rows.iterator().next();
  }

  /** Completed sessions without a CDR that stopped before {@code before}, oldest first. */
  public Future<List<UUID>> unpriced(OffsetDateTime before, int limit) {
    return pg.preparedQuery("SELECT s.id FROM charging_sessions s WHERE s.status = 'COMPLETED' AND NOT s.orphan"
            + " AND s.stopped_at < $1 AND NOT EXISTS (SELECT 1 FROM transactions t WHERE t.session_id = s.id)"
            + " ORDER BY s.stopped_at LIMIT $2")
        .execute(Tuple.of(before, limit))
        .map(rows -> {
          List<UUID> ids = new ArrayList<>();
          rows.forEach(r -> ids.add(r.getUUID("id")));
          return ids;
        });
  }
}
