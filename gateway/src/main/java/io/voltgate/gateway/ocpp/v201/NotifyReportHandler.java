package io.voltgate.gateway.ocpp.v201;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import io.voltgate.gateway.ocpp.ActionHandler;
import io.voltgate.gateway.ocpp.CallContext;
import io.voltgate.gateway.ocpp.Payloads;
import io.voltgate.store.pg.ChargerRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * 2.0.1 NotifyReport (one part of a GetBaseReport/GetReport answer): every variable attribute becomes
 * (or replaces) a device-model row in {@code charger_variables}.
 */
final class NotifyReportHandler implements ActionHandler {

  /** AttributeEnumType default. */
  private static final String DEFAULT_ATTRIBUTE = "Actual";

  private final ChargerRepository chargers;

  NotifyReportHandler(ChargerRepository chargers) {
    this.chargers = chargers;
  }

  @Override
  public Future<ObjectNode> handle(CallContext ctx, ObjectNode req) {
    List<Tuple> rows = rows(ctx.connection().charger().id(), req.path("reportData"));
    return chargers.storeVariables(ctx.connection().charger().id(), rows).map(ignored -> Payloads.object());
  }

  /** One row per (component, variable, attribute type), in the column order storeVariables expects. */
  static List<Tuple> rows(UUID chargerId, JsonNode reportData) {
    List<Tuple> rows = new ArrayList<>();
    for (JsonNode data : reportData) {
      JsonNode component = data.get("component");
      JsonNode evse = component.get("evse");
      JsonNode variable = data.get("variable");
      JsonNode characteristics = data.get("variableCharacteristics");
      for (JsonNode attribute : data.path("variableAttribute")) {
        rows.add(Tuple.from(new Object[] {
            chargerId,
            Payloads.text(component, "name"),
            orEmpty(Payloads.text(component, "instance")),
            orZero(Payloads.integer(evse, "id")),
            orZero(Payloads.integer(evse, "connectorId")),
            Payloads.text(variable, "name"),
            orEmpty(Payloads.text(variable, "instance")),
            orDefault(Payloads.text(attribute, "type")),
            Payloads.text(attribute, "value"),
            Payloads.text(attribute, "mutability"),
            characteristics == null ? null : Payloads.toVertx(characteristics)}));
      }
    }
    return rows;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private static int orZero(Integer i) {
    return i == null ? 0 : i;
  }

  private static String orDefault(String type) {
    return type == null ? DEFAULT_ATTRIBUTE : type;
  }
}
