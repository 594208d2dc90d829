package io.voltgate.api.emp;

import io.vertx.core.json.JsonObject;
import io.voltgate.services.charging.EmpRemoteSessions.Detail;
import io.voltgate.store.query.EmpSessionQueries.Place;
import io.voltgate.store.query.EmpSessionQueries.RemoteStart;
import io.voltgate.store.query.SessionView;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.Locale;
import java.util.Set;

/** A session in the EMP seed's shape ({@code GET /emp/v1/sessions/{sessionId}}); choices in docs/emp-sessions.md. */
final class EmpSessionViews {

  static final String COMPLETE = "COMPLETE";
  /** The seed's timestamps carry milliseconds ({@code 2022-02-18T10:41:39.148Z}), always. */
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(ZoneOffset.UTC);
  /** OCPP token types of a physical card; every other (Central, eMAID, app tokens ...) is a virtual key. */
  private static final Set<String> RFID_TYPES = Set.of("ISO14443", "ISO15693", "MIFAREULTRALIGHT", "RFID");
  /** ISO 15118 / eMI3: the station part of an EVSE ID is at most 30 alphanumerics after its "E". */
  private static final int STATION_MAX = 30;

  private EmpSessionViews() {
  }

  static JsonObject detail(Detail d, Instant now) {
    SessionView s = d.session();
    RemoteStart remote = d.remote();
    String status = status(s, remote);
    JsonObject out = new JsonObject().put("sessionStatus", status);
    out.put("balanceStatus", balance(s, status));
    if (d.place() != null) {
      out.put("charger", new JsonObject().put("chargingStationName", d.place().chargePointId())
          .put("connectorLabel", String.valueOf(d.place().ocppConnectorId())).put("evseId", evseId(d.place())));
    }
    if (s != null) {
      out.put("chargingKeyType", s.idTokenType() != null && RFID_TYPES.contains(s.idTokenType().toUpperCase(Locale.ROOT))
          ? "rfid" : "virtual");
    }
    java.util.UUID connector = s != null && s.connectorPk() != null ? s.connectorPk()
        : remote != null ? remote.connectorPk() : null;
    if (connector != null) {
      out.put("connectorId", ConnectorIds.encode(connector));
    }
    if (COMPLETE.equals(status)) {
      out.put("duration", Duration.ofSeconds(s.durationSeconds(now)).toString());
      out.put("energy", new JsonObject().put("unit", "WH").put("value", wh(s)));
      if (s.cdr() != null) {
        out.put("price", price(s.cdr(), d.vatRate()));
      }
      // no receipts are generated: partners clear externally (docs/emp-sessions.md)
      out.put("receiptAvailable", false);
    }
    out.put("sessionId", remote != null ? remote.publicId() : s.id().toString());
    if (d.place() != null && d.place().siteName() != null) {
      out.put("site", d.place().siteName());
    }
    Instant start = s != null ? s.startedAt().toInstant() : remote.requestedAt().toInstant();
    return out.put("startTime", TIME.format(start));
  }

  /**
   * PENDING (start sent, no session yet), ACTIVE, COMPLETE, or FAILED: the charger refused or never
   * received the start, or the session faulted.
   */
  static String status(SessionView s, RemoteStart remote) {
    if (s == null) {
      return "Requested".equals(remote.startStatus()) || remote.accepted() ? "PENDING" : "FAILED";
    }
    return switch (s.status()) {
      case SessionView.ACTIVE -> "ACTIVE";
      case SessionView.COMPLETED -> COMPLETE;
      case "PENDING" -> "PENDING";
      default -> "FAILED";
    };
  }

  /**
   * From the CDR's payment status: PAID when paid or nothing is due, REFUND once refunded, DEBT when
   * a payment failed, else PROCESSING (no CDR yet, or a payment still pending: Voltgate collects no
   * payments yet, docs/cpms-money.md).
   */
  private static String balance(SessionView s, String status) {
    if (!COMPLETE.equals(status) || s.cdr() == null || s.cdr().paymentStatus() == null) {
      return "PROCESSING";
    }
    String payment = s.cdr().paymentStatus().toLowerCase(Locale.ROOT);
    if (payment.contains("refund")) {
      return "REFUND";
    }
    if (payment.equals("paid") || payment.equals("not_required")) {
      return "PAID";
    }
    return payment.contains("fail") ? "DEBT" : "PROCESSING";
  }

  private static long wh(SessionView s) {
    BigDecimal wh = s.energyWh() != null ? s.energyWh() : BigDecimal.ZERO;
    return wh.setScale(0, RoundingMode.HALF_UP).longValueExact();
  }

  private static JsonObject price(SessionView.Cdr cdr, BigDecimal vatRate) {
    int digits = fractionDigits(cdr.currency());
    return new JsonObject().put("currencyCode", cdr.currency())
        .put("minorExclVat", minor(cdr.subtotal(), digits))
        .put("minorInclVat", minor(cdr.total(), digits))
        .put("vat", vatRate == null ? "0" : vatRate.stripTrailingZeros().toPlainString());
  }

  private static long minor(BigDecimal amount, int digits) {
    return amount.movePointRight(digits).setScale(0, RoundingMode.HALF_UP).longValueExact();
  }

  private static int fractionDigits(String currency) {
    try {
      return Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
    } catch (IllegalArgumentException | NullPointerException e) {
      return 2;
    }
  }

  /**
   * {@code CC*OOO*E<station>*<evse>}: the network's country (else the site's, else XX), three
   * letters or digits of the network's name as the operator part (padded with X), the charger's
   * charge point id without other characters, and the EVSE number.
   */
  static String evseId(Place p) {
    String country = p.country() == null ? "XX" : p.country().trim().toUpperCase(Locale.ROOT);
    String operator = (alnum(p.networkName()).toUpperCase(Locale.ROOT) + "XXX").substring(0, 3);
    String station = alnum(p.chargePointId());
    if (station.length() > STATION_MAX) {
      station = station.substring(0, STATION_MAX);
    }
    return country + "*" + operator + "*E" + station + "*" + p.evseId();
  }

  private static String alnum(String s) {
    return s == null ? "" : s.replaceAll("[^A-Za-z0-9]", "");
  }
}
