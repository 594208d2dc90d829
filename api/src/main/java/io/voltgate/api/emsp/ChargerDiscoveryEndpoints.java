package io.voltgate.api.emsp;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.family.Caller;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.http.BodySchemas;
import io.voltgate.api.http.CommandReplies;
import io.voltgate.api.http.PageRequest;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import io.voltgate.services.commands.ChargerCommands;
import io.voltgate.services.commands.ChargerControl;
import io.voltgate.store.query.ChargerQueries;
import io.voltgate.store.query.ChargerQueries.Visibility;
import io.voltgate.store.query.ConnectorQueries;
import io.voltgate.store.query.TariffAssignmentQueries;
import io.voltgate.store.redis.ChargerLiveState;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Chargers and connectors on {@code /emsp/v1}: the network's chargers (list, detail, a connector's
 * status) with live state, the QR-code info of a public charger with its network's branding and
 * each connector's tariff, and a back end's reboot. A partner back end (server-side key) sees its
 * networks' whole fleet, a driver only public chargers at published locations; the QR info shows
 * only those to anyone.
 */
public final class ChargerDiscoveryEndpoints {

  /** Longest identifier a QR code may carry (a UUID, a uid of at most 48, a serial number). */
  private static final int MAX_IDENTIFIER = 100;

  private final ChargerQueries chargers;
  private final ConnectorQueries connectors;
  private final TariffAssignmentQueries tariffs;
  private final ChargerLiveState live;
  private final ChargerControl control;

  public ChargerDiscoveryEndpoints(ChargerQueries chargers, ConnectorQueries connectors, TariffAssignmentQueries tariffs,
      ChargerLiveState live, ChargerCommands commands) {
    this.chargers = Objects.requireNonNull(chargers);
    this.connectors = Objects.requireNonNull(connectors);
    this.tariffs = Objects.requireNonNull(tariffs);
    this.live = Objects.requireNonNull(live);
    this.control = new ChargerControl(commands);
  }

  public void register(ApiRoutes routes) {
    routes.tag("Chargers").callers(Caller.KEY_OR_DRIVER)
        .get("/emsp/v1/chargers", "emsp:chargers:read", "List the network's chargers (live status)",
            (ctx, p) -> list(p, PageRequest.from(ctx, EmspApi.DEFAULT_PAGE_SIZE)))
        .get("/emsp/v1/chargers/{id}", "emsp:chargers:read", "Charger detail with its connectors",
            (ctx, p) -> detail(p, Params.pathUuid(ctx, "id")))
        .get("/emsp/v1/chargers/{identifier}/info", "emsp:chargers:read",
            "Charger info with pricing for QR code scanning (UUID, uid or serial number; public chargers at published locations only)",
            (ctx, p) -> info(p, ctx.pathParam("identifier")))
        .callers(Caller.KEY)
        .post("/emsp/v1/chargers/{id}/reboot", "emsp:charging", "Reboot a charger (Reset Soft or Hard), for a back end",
            "emsp-charger-reboot", (ctx, p) -> reboot(p, Params.pathUuid(ctx, "id"),
                BodySchemas.validated(ctx, "emsp-charger-reboot")));
    routes.tag("Connectors").callers(Caller.KEY_OR_DRIVER)
        .get("/emsp/v1/connectors/{id}/status", "emsp:chargers:read", "A connector's live status and details",
            (ctx, p) -> connectorStatus(p, Params.pathUuid(ctx, "id")));
  }

  /** A back end sees its networks' fleet; a driver what is public. */
  static Visibility visibility(ApiPrincipal p) {
    return p.driver() != null ? Visibility.PUBLIC : Visibility.FLEET;
  }

  private Future<Reply> list(ApiPrincipal p, PageRequest page) {
    return chargers.discoveryPage(p.catalogueScope(), visibility(p), null, page.pageSize(), page.offset())
        .compose(found -> live.read(found.items().stream().map(r -> r.getString("charge_point_id")).toList())
            .map(states -> Reply.navigablePage(found.items().stream().map(r -> EmspViews.chargerSummary(r,
                states.getOrDefault(r.getString("charge_point_id"), ChargerLiveState.Charger.NONE))).toList(),
                page, found.total())));
  }

  private Future<Reply> detail(ApiPrincipal p, UUID id) {
    return chargers.discoveryFind(p.catalogueScope(), visibility(p), id).compose(found -> {
      Row charger = found.orElseThrow(() -> ApiException.notFound("Charger"));
      Future<List<Row>> connected = chargers.connectors(p.catalogueScope(), id);
      Future<ChargerLiveState.Charger> state = live.read(charger.getString("charge_point_id"));
      return Future.all(connected, state).map(both -> Reply.ok(
          EmspViews.chargerDetail(charger, connected.result(), state.result())));
    });
  }

  private Future<Reply> info(ApiPrincipal p, String identifier) {
    if (identifier == null || identifier.isBlank() || identifier.length() > MAX_IDENTIFIER) {
      throw ApiException.badRequest("identifier", "identifier must be a charger's UUID, uid or serial number (at most "
          + MAX_IDENTIFIER + " characters)");
    }
    return chargers.findPublicByIdentifier(p.catalogueScope(), identifier, uuidOrNull(identifier)).compose(found -> {
      Row charger = found.orElseThrow(() -> ApiException.notFound("Charger"));
      UUID id = charger.getUUID("id");
      Future<List<Row>> connected = chargers.connectors(p.catalogueScope(), id);
      Future<Map<UUID, Row>> prices = tariffs.inEffectForConnectorsOf(id);
      Future<ChargerLiveState.Charger> state = live.read(charger.getString("charge_point_id"));
      return Future.all(connected, prices, state).map(all -> Reply.ok(
          EmspViews.chargerInfo(charger, connected.result(), prices.result(), state.result())));
    });
  }

  private Future<Reply> connectorStatus(ApiPrincipal p, UUID id) {
    return connectors.status(p.catalogueScope(), visibility(p), id).compose(found -> {
      Row connector = found.orElseThrow(() -> ApiException.notFound("Connector"));
      return live.read(connector.getString("charge_point_id"))
          .map(state -> Reply.ok(EmspViews.connectorStatus(connector, state)));
    });
  }

  /**
   * Reset through the command service; the charger's answer, or why there is none (offline,
   * timeout, busy), is the reply's {@code status} — a 200 either way, never a 5xx.
   */
  private Future<Reply> reboot(ApiPrincipal p, UUID id, JsonObject body) {
    String type = body.getString("type", "Soft");
    return chargers.discoveryFind(p.scope(), Visibility.FLEET, id).compose(found -> {
      Row charger = found.orElseThrow(() -> ApiException.notFound("Charger"));
      return control.reset(charger.getString("charge_point_id"), type)
          .map(outcome -> Reply.ok(new JsonObject()
              .put("chargerId", id.toString())
              .put("status", CommandReplies.status(outcome))
              .put("message", CommandReplies.message(outcome, type + " reset"))));
    });
  }

  private static UUID uuidOrNull(String raw) {
    try {
      return UUID.fromString(raw.trim());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
