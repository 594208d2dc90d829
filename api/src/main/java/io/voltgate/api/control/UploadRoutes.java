package io.voltgate.api.control;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.FileSystem;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.http.ErrorHandler;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;

/**
 * Where chargers upload diagnostics and log files (1.6 GetDiagnostics, 2.0.1 GetLog): {@code PUT} or
 * {@code POST} (raw body or a multipart form with one file) to
 * {@code /uploads/diagnostics/{token}/{fileName}}. No API key (chargers cannot send one): the token
 * ({@link UploadTokens}) admits one file of one charger, once, for a few minutes. The request is
 * paused until the token is checked, so nothing of the body is read for a caller without one; the
 * body is then streamed to disk, bounded by {@code VOLTGATE_UPLOAD_MAX_BYTES} (413, partial file
 * deleted). An existing file is never overwritten (409).
 */
public final class UploadRoutes {

  private final UploadSite site;
  private final UploadTokens tokens;
  private final long maxBytes;

  private UploadRoutes(UploadSite site, long maxBytes) {
    this.site = Objects.requireNonNull(site);
    this.tokens = site.tokens();
    this.maxBytes = maxBytes;
  }

  /** @param maxBytes the largest accepted file ({@code VOLTGATE_UPLOAD_MAX_BYTES}) */
  public static void mount(Router router, UploadSite site, long maxBytes) {
    UploadRoutes routes = new UploadRoutes(site, maxBytes);
    router.route("/uploads/diagnostics/:token/:fileName").method(HttpMethod.PUT).method(HttpMethod.POST)
        .handler(routes::receive)
        .failureHandler(UploadRoutes::refuse);
  }

  /** Keeps only safe file-name characters (no paths). */
  public static String safeName(String name) {
    String clean = name.replaceAll("[^A-Za-z0-9._-]", "_");
    if (clean.isEmpty() || clean.startsWith(".")) {
      clean = "file" + clean;
    }
    return clean.length() > 200 ? clean.substring(0, 200) : clean;
  }

  private void receive(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    // Before anything else: no body byte is read until the token has been checked.
    request.pause();
    if (multipart(request)) {
      // Now, before any body byte is handled, so that every part goes through the form decoder.
      request.setExpectMultipart(true);
    }
    UploadTokens.Grant grant;
    try {
      grant = tokens.verify(ctx.pathParam("token"));
    } catch (ApiException e) {
      ctx.fail(e);
      return;
    }
    String name = safeName(ctx.pathParam("fileName"));
    String declared = request.getHeader("Content-Length");
    if (declared != null && declared.chars().allMatch(Character::isDigit) && declared.length() < 19
        && Long.parseLong(declared) > maxBytes) {
      ctx.fail(tooLarge());
      return;
    }
    Path dir = site.chargerDir(grant.chargerId());
    String target = dir.resolve(name).toString();
    tokens.claim(grant, name)
        .compose(claimed -> {
          if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
            ctx.response().writeContinue();
          }
          return site.files().mkdirs(dir.toString())
              .compose(v -> store(target, file -> receive(request, file)))
              .recover(e -> tokens.release(grant).transform(ignored -> Future.failedFuture(e)));
        })
        .onSuccess(bytes -> ctx.response().setStatusCode(201).end())
        .onFailure(ctx::fail);
  }

  /**
   * The raw body, or the first file of a multipart form, into the open file. Resumed only now, with
   * the file ready, so every byte goes straight to a handler (no upload held paused across I/O).
   */
  private Future<Long> receive(HttpServerRequest request, AsyncFile file) {
    if (!multipart(request)) {
      return copy(request, file);
    }
    Promise<Long> done = Promise.promise();
    boolean[] seen = {false};
    request.uploadHandler(upload -> {
      if (seen[0]) {
        upload.handler(ignored -> { }); // one file per upload URL; further parts are drained
        return;
      }
      seen[0] = true;
      copy(upload, file).onComplete(done);
    });
    request.endHandler(v -> {
      if (!seen[0]) {
        done.tryFail(ApiException.badRequest("file", "The form has no file"));
      }
    });
    request.resume();
    return done.future();
  }

  private static boolean multipart(HttpServerRequest request) {
    String type = request.getHeader("Content-Type");
    return type != null && type.toLowerCase().startsWith("multipart/form-data");
  }

  /** Writes a new file; completes with the bytes written, or fails after deleting the partial file. */
  private Future<Long> store(String target, Function<AsyncFile, Future<Long>> writer) {
    FileSystem fs = site.files();
    return fs.open(target, new OpenOptions().setWrite(true).setCreateNew(true))
        .recover(e -> Future.failedFuture(alreadyExists(e)
            ? ApiException.conflict("A file with this name was already uploaded") : e))
        .compose(file -> writer.apply(file)
            .transform(copied -> file.close().transform(closed -> copied.succeeded() ? Future.succeededFuture(copied.result())
                : fs.delete(target).transform(deleted -> Future.<Long>failedFuture(copied.cause())))));
  }

  private Future<Long> copy(ReadStream<Buffer> in, AsyncFile file) {
    Promise<Long> done = Promise.promise();
    long[] total = {0};
    in.handler(chunk -> {
      if (done.future().isComplete()) {
        return;
      }
      total[0] += chunk.length();
      if (total[0] > maxBytes) {
        in.pause();
        done.tryFail(tooLarge());
        return;
      }
      file.write(chunk);
      if (file.writeQueueFull()) {
        in.pause();
        file.drainHandler(v -> in.resume());
      }
    });
    in.exceptionHandler(done::tryFail);
    in.endHandler(v -> file.flush().onComplete(flushed -> {
      if (flushed.failed()) {
        done.tryFail(flushed.cause());
      } else {
        done.tryComplete(total[0]);
      }
    }));
    file.exceptionHandler(done::tryFail);
    in.resume();
    return done.future();
  }

  private ApiException tooLarge() {
    return new ApiException(413, "payload_too_large", "The upload is larger than " + maxBytes + " bytes");
  }

  private static boolean alreadyExists(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof FileAlreadyExistsException) {
        return true;
      }
    }
    return false;
  }

  /**
   * The error body, then an HTTP/1 connection is closed when the body was not read (it cannot be
   * reused); HTTP/2 resets just the stream.
   */
  private static void refuse(RoutingContext ctx) {
    if (!ctx.request().isEnded() && ctx.request().version() != HttpVersion.HTTP_2) {
      ctx.response().putHeader("Connection", "close");
      ctx.addEndHandler(v -> ctx.request().connection().close());
    }
    ErrorHandler.handle(ctx);
  }
}
