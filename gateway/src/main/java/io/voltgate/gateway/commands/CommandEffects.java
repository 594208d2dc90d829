package io.voltgate.gateway.commands;

import io.voltgate.gateway.ocpp.command.OcppCall;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import io.voltgate.gateway.charger.ChargerConnection;
import io.voltgate.gateway.ocpp.v201.Commands201;
import io.voltgate.store.commands.Command;
import io.voltgate.store.commands.CommandOutcome;
import io.voltgate.store.pg.ChargerRepository;
import io.voltgate.store.pg.CommandEffectsRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Keeps stored state consistent with what chargers accepted: configuration values (written and
 * read), the active charging profile per connector, reservation status. Firmware, diagnostics and
 * sessions follow from the chargers' own notifications. Statuses are written in batches; the pending
 * batch is flushed before an effect on connector rows so the effect finds the rows the charger
 * reported just before.
 */
public final class CommandEffects {

  private final ChargerRepository chargers;
  private final CommandEffectsRepository effects;
  private final Supplier<Future<Void>> pendingStatuses;

  /** @param pendingStatuses flushes statuses not yet in Postgres */
  public CommandEffects(ChargerRepository chargers, CommandEffectsRepository effects, Supplier<Future<Void>> pendingStatuses) {
    this.chargers = Objects.requireNonNull(chargers);
    this.effects = Objects.requireNonNull(effects);
    this.pendingStatuses = Objects.requireNonNull(pendingStatuses);
  }

  /** Applies the effect of an answered command; completes when stored. */
  public Future<Void> apply(ChargerConnection conn, Command command, OcppCall call, CommandOutcome outcome) {
    if (conn.charger() == null || outcome.response() == null) {
      return Future.succeededFuture();
    }
    UUID charger = conn.charger().id();
    JsonObject p = command.params();
    switch (call.action()) {
      case "ChangeConfiguration":
        return outcome.accepted()
            ? chargers.storeVariables(charger, List.of(row(charger, Commands201.DEFAULT_COMPONENT, p.getString("key"),
                p.getString("value"), null)))
            : Future.succeededFuture();
      case "SetVariables":
        return chargers.storeVariables(charger, setVariableRows(charger, call, outcome));
      case "GetConfiguration":
        return chargers.storeVariables(charger, configurationRows(charger, call, outcome));
      case "GetVariables":
        return chargers.storeVariables(charger, variableRows(charger, outcome));
      case "SetChargingProfile":
        // Load-balancing allocations (track=false) change often and live with their site, not here.
        return outcome.accepted() && p.getBoolean("track", true)
            ? pendingStatuses.get().otherwiseEmpty().compose(v -> effects.setActiveProfile(charger, p.getInteger("connectorNumber", 0),
                new JsonObject().put("profileId", p.getInteger("profileId")).put("limit", p.getDouble("limit"))
                    .put("unit", p.getString("unit", "A")).put("purpose", p.getString("purpose", "TxDefaultProfile"))))
            : Future.succeededFuture();
      case "ClearChargingProfile":
        return outcome.accepted() ? effects.clearActiveProfile(charger, p.getInteger("profileId"))
            : Future.succeededFuture();
      case "ReserveNow":
        return effects.setReservationStatus(charger, p.getInteger("reservationId"), outcome.status());
      case "CancelReservation":
        return outcome.accepted() ? effects.setReservationStatus(charger, p.getInteger("reservationId"), "Cancelled")
            : Future.succeededFuture();
      default:
        return Future.succeededFuture();
    }
  }

  private static List<Tuple> configurationRows(UUID charger, OcppCall call, CommandOutcome outcome) {
    List<Tuple> rows = new ArrayList<>();
    io.vertx.core.json.JsonArray keys = outcome.response().getJsonArray("configurationKey");
    if (keys != null) {
      for (int i = 0; i < keys.size(); i++) {
        JsonObject k = keys.getJsonObject(i);
        rows.add(row(charger, Commands201.DEFAULT_COMPONENT, k.getString("key"), k.getString("value"),
            Boolean.TRUE.equals(k.getBoolean("readonly")) ? "ReadOnly" : "ReadWrite"));
      }
    }
    return rows;
  }

  /** The values a SetVariables call wrote, for each result the charger accepted. */
  private static List<Tuple> setVariableRows(UUID charger, OcppCall call, CommandOutcome outcome) {
    List<Tuple> rows = new ArrayList<>();
    io.vertx.core.json.JsonArray results = outcome.response().getJsonArray("setVariableResult");
    com.fasterxml.jackson.databind.JsonNode sent = call.payload().path("setVariableData");
    if (results == null) {
      return rows;
    }
    for (int i = 0; i < results.size() && i < sent.size(); i++) {
      String status = results.getJsonObject(i).getString("attributeStatus");
      if ("Accepted".equals(status) || "RebootRequired".equals(status)) {
        com.fasterxml.jackson.databind.JsonNode d = sent.get(i);
        rows.add(row(charger, d.path("component").path("name").asText(), d.path("variable").path("name").asText(),
            d.path("attributeValue").asText(), null));
      }
    }
    return rows;
  }

  private static List<Tuple> variableRows(UUID charger, CommandOutcome outcome) {
    List<Tuple> rows = new ArrayList<>();
    io.vertx.core.json.JsonArray results = outcome.response().getJsonArray("getVariableResult");
    if (results != null) {
      for (int i = 0; i < results.size(); i++) {
        JsonObject r = results.getJsonObject(i);
        if ("Accepted".equals(r.getString("attributeStatus"))) {
          rows.add(row(charger, r.getJsonObject("component").getString("name"),
              r.getJsonObject("variable").getString("name"), r.getString("attributeValue"), null));
        }
      }
    }
    return rows;
  }

  private static Tuple row(UUID charger, String component, String variable, String value, String mutability) {
    return Tuple.from(new Object[] {charger, component, "", 0, 0, variable, "", "Actual", value, mutability, null});
  }

}
