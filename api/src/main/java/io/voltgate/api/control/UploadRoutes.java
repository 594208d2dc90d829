package io.voltgate.api.control;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.OpenOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.voltgate.api.ApiServices;
import io.voltgate.api.http.ApiException;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Where chargers upload diagnostics and log files (1.6 GetDiagnostics, 2.0.1 GetLog): {@code PUT} or
 * {@code POST} (raw body or multipart form) to {@code /uploads/diagnostics/{token}/{fileName}}. The
 * token is signed and expires, so the URL alone authorises the upload of one charger's files; no
 * API key (chargers cannot send one).
 */
public final class UploadRoutes {

  static final long MAX_UPLOAD_BYTES = 64L * 1024 * 1024;
  static final long TOKEN_TTL_S = 24 * 3600;

  private UploadRoutes() {
  }

  public static void mount(Router router, ApiServices s) {
    router.route("/uploads/diagnostics/:token/:fileName")
        .method(io.vertx.core.http.HttpMethod.PUT).method(io.vertx.core.http.HttpMethod.POST)
        .handler(BodyHandler.create(s.http().uploadDir().resolve(".incoming").toString())
            .setBodyLimit(MAX_UPLOAD_BYTES).setDeleteUploadedFilesOnEnd(true))
        .handler(ctx -> receive(ctx, s).onComplete(ar -> {
          if (ar.failed()) {
            ctx.fail(ar.cause());
          } else {
            ctx.response().setStatusCode(201).end();
          }
        }));
  }

  /** A signed token for a charger's uploads: {@code chargerId.expiry.mac}. */
  public static String token(ApiServices s, UUID chargerId) {
    long expires = s.clock().instant().getEpochSecond() + TOKEN_TTL_S;
    String body = chargerId + "." + expires;
    return body + "." + s.secrets().mac(body).substring(0, 32);
  }

  private static UUID verify(ApiServices s, String token) {
    String[] parts = token.split("\\.");
    if (parts.length != 3) {
      throw new ApiException(403, "forbidden", "Invalid upload token");
    }
    String body = parts[0] + "." + parts[1];
    if (!s.secrets().mac(body).substring(0, 32).equals(parts[2])) {
      throw new ApiException(403, "forbidden", "Invalid upload token");
    }
    if (Long.parseLong(parts[1]) < s.clock().instant().getEpochSecond()) {
      throw new ApiException(403, "forbidden", "Upload token expired");
    }
    return UUID.fromString(parts[0]);
  }

  /** Keeps only safe file-name characters (no paths). */
  public static String safeName(String name) {
    String clean = name.replaceAll("[^A-Za-z0-9._-]", "_");
    if (clean.isEmpty() || clean.startsWith(".")) {
      clean = "file" + clean;
    }
    return clean.length() > 200 ? clean.substring(0, 200) : clean;
  }

  static Path chargerDir(ApiServices s, UUID chargerId) {
    return s.http().uploadDir().resolve(chargerId.toString());
  }

  private static Future<Void> receive(RoutingContext ctx, ApiServices s) {
    UUID charger;
    try {
      charger = verify(s, ctx.pathParam("token"));
    } catch (RuntimeException e) {
      return Future.failedFuture(e instanceof ApiException ? e : new ApiException(403, "forbidden", "Invalid upload token"));
    }
    Path dir = chargerDir(s, charger);
    String name = safeName(ctx.pathParam("fileName"));
    var fs = s.vertx().fileSystem();
    return fs.mkdirs(dir.toString()).compose(v -> {
      if (!ctx.fileUploads().isEmpty()) {
        var upload = ctx.fileUploads().get(0);
        return fs.copy(upload.uploadedFileName(), dir.resolve(name).toString(),
            new io.vertx.core.file.CopyOptions().setReplaceExisting(true));
      }
      Buffer body = ctx.body().buffer() == null ? Buffer.buffer() : ctx.body().buffer();
      return fs.open(dir.resolve(name).toString(), new OpenOptions().setCreate(true).setTruncateExisting(true).setWrite(true))
          .compose(file -> file.write(body).eventually(file::close));
    });
  }
}
