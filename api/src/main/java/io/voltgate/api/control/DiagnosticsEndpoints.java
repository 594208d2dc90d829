package io.voltgate.api.control;

import io.voltgate.api.http.CommandReplies;
import io.voltgate.services.commands.ChargerCommands;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.redis.client.Redis;
import io.voltgate.store.query.ControlQueries;
import io.voltgate.store.query.OcppMessageQueries;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.store.redis.ChargerLiveState;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.http.BodySchemas;
import io.voltgate.api.http.Json;
import io.voltgate.api.http.PageRequest;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import io.voltgate.store.commands.Command.Op;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Diagnostics: ask a charger to upload its diagnostics/log file to Voltgate's upload URL, list and
 * download the uploaded files, and a health snapshot (connection, heartbeat, recent statuses).
 * Uploaded files are kept on the API node that received them ({@code VOLTGATE_UPLOAD_DIR}; share
 * the directory between API nodes in production).
 */
public final class DiagnosticsEndpoints {

  /** Exchanges in the snapshot's {@code recentOcppMessages}. */
  private static final int RECENT_MESSAGES = 20;
  private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final ControlQueries queries;
  private final ChargerLiveState live;
  private final Redis redis;
  private final ChargerCommands commands;
  private final UploadSite uploads;
  private final String publicUrl;
  private final Clock clock;
  private final OcppMessageQueries messages;

  /**
   * @param redis tells the OCPP version a charger's open connection speaks ({@link ChargerTarget})
   * @param publicUrl this server's public URL ({@code VOLTGATE_PUBLIC_HTTP_URL}), the base of upload
   *     URLs; {@code null} when not configured (fetch then answers 409)
   */
  public DiagnosticsEndpoints(ControlQueries queries, ChargerLiveState live, Redis redis, ChargerCommands commands,
      UploadSite uploads, String publicUrl, Clock clock, OcppMessageQueries messages) {
    this.messages = Objects.requireNonNull(messages);
    this.queries = Objects.requireNonNull(queries);
    this.live = Objects.requireNonNull(live);
    this.redis = Objects.requireNonNull(redis);
    this.commands = Objects.requireNonNull(commands);
    this.uploads = Objects.requireNonNull(uploads);
    this.publicUrl = publicUrl;
    this.clock = Objects.requireNonNull(clock);
  }

  public void register(ApiRoutes routes) {
    routes.tag("Diagnostics")
        .post("/cpms/v1/chargers/{chargerUuid}/diagnostics/fetch", "cpms:control",
            "Ask a charger to upload its diagnostics/log file (GetDiagnostics / GetLog)", "control-diagnostics", this::fetch)
        .get("/cpms/v1/chargers/{chargerUuid}/diagnostics", "cpms:chargers:read",
            "Charger health snapshot: connection, heartbeat, recent statuses and OCPP messages", this::snapshot)
        .get("/cpms/v1/diagnostic-files", "cpms:chargers:read", "Diagnostics files a charger uploaded", this::files)
        .get("/cpms/v1/diagnostic-files/{chargerId}/{fileName}", "cpms:chargers:read", "Download an uploaded file", this::download);
  }

  private Future<Reply> fetch(RoutingContext ctx, ApiPrincipal p) {
    if (publicUrl == null) {
      // Never from the request's Host header: whoever calls the API would choose where chargers send their files.
      throw new ApiException(409, "upload_url_not_configured", "Diagnostics and log uploads need VOLTGATE_PUBLIC_HTTP_URL:"
          + " the base URL at which chargers reach this HTTP port (e.g. https://voltgate.example.com)");
    }
    JsonObject body = BodySchemas.validated(ctx, "control-diagnostics");
    UploadTokens tokens = uploads.tokens();
    return ChargerTarget.find(queries, redis, p, Params.pathUuid(ctx, "chargerUuid")).compose(c -> tokens.issue(c.id()).compose(token -> {
      String serial = c.serialNumber() == null ? c.chargePointId() : c.serialNumber();
      String fileName = UploadRoutes.safeName(serial + "_" + FILE_TIME.format(clock.instant()) + ".log");
      String uploadUrl = publicUrl + "/uploads/diagnostics/" + token + "/";
      JsonObject params = new JsonObject().put("location", uploadUrl)
          .put("startTime", body.getString("startTime")).put("stopTime", body.getString("stopTime"));
      return commands.send(c.chargePointId(), Op.LOGS, null, params).compose(o -> {
            String reported = o.response() == null ? null
                : o.response().getString("fileName", o.response().getString("filename"));
            return (reported == null ? Future.<Void>succeededFuture() : tokens.expect(token, UploadRoutes.safeName(reported)))
                .map(o);
          }).map(o -> {
            String reported = o.response() == null ? null
                : o.response().getString("fileName", o.response().getString("filename"));
            String name = reported == null ? fileName : UploadRoutes.safeName(reported);
            JsonObject out = ControlEndpoints.base(c).put("fileName", name).put("uploadUrl", uploadUrl + name)
                .put("payload", o.response() == null ? null : o.response().encode())
                .mergeIn(CommandReplies.of(o, "GetDiagnostics"));
            if (o.accepted()) {
              out.put("message", "Diagnostics request accepted. The charger uploads the file asynchronously; list it via"
                  + " GET /cpms/v1/diagnostic-files?chargerId=" + c.id() + ".");
            }
            return Reply.ok(out);
          });
    }));
  }

  private Future<Reply> snapshot(RoutingContext ctx, ApiPrincipal p) {
    return ChargerTarget.find(queries, redis, p, Params.pathUuid(ctx, "chargerUuid")).compose(c ->
        live.read(c.chargePointId())
            .compose(state -> Future.all(queries.statusHistory(c.id(), 20),
                    messages.recentExchanges(p.scope(), c.id(), RECENT_MESSAGES), messages.count(p.scope(), c.id()))
                .map(all -> {
                  List<Row> list = all.resultAt(0);
                  List<Row> recent = all.resultAt(1);
                  long count = all.resultAt(2);
                  JsonArray history = new JsonArray();
                  for (int i = 0; i < list.size(); i++) {
                    Row r = list.get(i);
                    Row older = findOlder(list, i);
                    history.add(new JsonObject()
                        .put("connectorNumber", r.getInteger("evse_id"))
                        .put("oldStatus", older == null ? null : older.getString("status"))
                        .put("newStatus", r.getString("status"))
                        .put("errorCode", r.getString("error_code"))
                        .put("errorMessage", r.getString("info"))
                        .put("vendorErrorCode", r.getString("vendor_error_code"))
                        .put("timestamp", Json.time(r.getOffsetDateTime("reported_at"))));
                  }
                  return Reply.ok(ControlEndpoints.base(c)
                      .put("serialNumber", c.serialNumber())
                      .put("firmwareVersion", c.firmwareVersion())
                      .put("ocppVersion", c.ocppVersion())
                      .put("ipAddress", state.remote())
                      .put("lastHeartbeat", ControlEndpoints.seconds(state.lastHeartbeat()))
                      .put("isOnline", state.online())
                      .put("lastConnectionStatus", state.connected() ? "Connected" : "Disconnected")
                      .put("connectedNode", state.node())
                      .put("statusHistory", history)
                      .put("recentOcppMessages", recentMessages(recent))
                      .put("ocppMessageCount", count));
                })));
  }

  /**
   * The latest exchanges, newest first, as the seed shows them: a CALL (either direction) with its
   * answer's outcome ({@code success}: CALLRESULT, {@code error}: CALLERROR, {@code pending}: none yet)
   * and the time it took.
   */
  private static JsonArray recentMessages(List<Row> rows) {
    JsonArray out = new JsonArray();
    for (Row r : rows) {
      String answer = r.getString("answer_type");
      Long latency = r.getLong("answer_latency_us");
      out.add(new JsonObject()
          .put("timestamp", r.getOffsetDateTime("logged_at").toInstant().toString())
          .put("direction", "in".equals(r.getString("direction")) ? "incoming" : "outgoing")
          .put("messageType", "Call")
          .put("action", r.getString("action"))
          .put("status", answer == null ? "pending" : "CALLRESULT".equals(answer) ? "success" : "error")
          .put("errorCode", r.getString("answer_error_code"))
          .put("responseTimeMs", latency == null ? null : Math.round(latency / 1000.0))
          .put("correlationId", r.getString("message_id"))
          .put("ocppVersion", r.getString("ocpp_version"))
          .put("messageLogId", Long.toString(r.getLong("id"))));
    }
    return out;
  }

  /** The previous status of the same connector in a newest-first list. */
  private static Row findOlder(List<Row> rows, int i) {
    for (int j = i + 1; j < rows.size(); j++) {
      if (Objects.equals(rows.get(j).getInteger("evse_id"), rows.get(i).getInteger("evse_id"))) {
        return rows.get(j);
      }
    }
    return null;
  }

  private Future<Reply> files(RoutingContext ctx, ApiPrincipal p) {
    UUID chargerId = Params.queryUuid(ctx, "chargerId");
    if (chargerId == null) {
      throw ApiException.badRequest("chargerId", "chargerId is required");
    }
    PageRequest page = PageRequest.from(ctx);
    return ChargerTarget.find(queries, redis, p, chargerId).compose(c -> {
      Path dir = uploads.chargerDir(c.id());
      var fs = uploads.files();
      return fs.exists(dir.toString()).compose(exists -> !exists ? Future.succeededFuture(List.<String>of())
              : fs.readDir(dir.toString()))
          .compose(paths -> {
            List<Future<JsonObject>> entries = new ArrayList<>();
            for (String path : paths) {
              String name = Path.of(path).getFileName().toString();
              entries.add(fs.props(path).map(props -> new JsonObject().put("name", name)
                  .put("url", "/cpms/v1/diagnostic-files/" + c.id() + "/" + name)
                  .put("size", props.size())
                  .put("uploadedAt", Instant.ofEpochMilli(props.lastModifiedTime()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString())));
            }
            return Future.all(entries).map(all -> {
              List<JsonObject> sorted = new ArrayList<>();
              for (int i = 0; i < all.size(); i++) {
                sorted.add(all.resultAt(i));
              }
              sorted.sort(Comparator.comparing((JsonObject o) -> o.getString("uploadedAt")).reversed());
              int from = Math.min(page.offset(), sorted.size());
              int to = Math.min(from + page.pageSize(), sorted.size());
              return Reply.page(sorted.subList(from, to), page, sorted.size());
            });
          });
    });
  }

  private Future<Reply> download(RoutingContext ctx, ApiPrincipal p) {
    UUID chargerId = Params.pathUuid(ctx, "chargerId");
    String name = UploadRoutes.safeName(ctx.pathParam("fileName"));
    return ChargerTarget.find(queries, redis, p, chargerId).compose(c -> {
      String file = uploads.chargerDir(c.id()).resolve(name).toString();
      return uploads.files().exists(file).compose(exists -> {
        if (!exists) {
          return Future.failedFuture(ApiException.notFound("File"));
        }
        ctx.response().putHeader("Content-Type", "application/octet-stream")
            .putHeader("Content-Disposition", "attachment; filename=\"" + name + "\"");
        return ctx.response().sendFile(file).map(Reply.streaming());
      });
    });
  }
}
