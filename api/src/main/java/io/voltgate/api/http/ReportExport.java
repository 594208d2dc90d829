package io.voltgate.api.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.data.Numeric;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A report streamed to the HTTP response as it is read from a database cursor, as CSV (RFC 4180,
 * UTF-8, the escaping and formula-injection guard of {@link CsvTable}) or as JSON in the envelope
 * {@code {data: {reportType, generatedAt, fromDate, toDate, format, data: [rows], recordCount},
 * success, timestamp}} (the eMSP seed's export object; {@code recordCount} follows the rows since
 * it is known only at their end).
 *
 * <p>Backpressure: rows are taken from the cursor only while the response's write queue has room
 * (the cursor is paused when it is full and resumed on drain), so memory holds a fetch and a write
 * queue, not the report. The header (CSV) or the envelope's opening (JSON) is written as soon as the
 * cursor is open: the first byte does not wait for the first row. A failure after the response
 * began cannot become an error reply: the connection is reset, so a client never takes a truncated
 * report for a whole one. A client that goes away closes the cursor.
 */
public final class ReportExport {

  private static final Logger LOG = LoggerFactory.getLogger(ReportExport.class);
  /** Rows are written in chunks of about this many bytes. */
  static final int CHUNK_BYTES = 16 * 1024;
  /** The widest range an export takes. */
  public static final Duration MAX_RANGE = Duration.ofDays(366);
  /** The range when none is given: the 30 days up to now. */
  public static final Duration DEFAULT_RANGE = Duration.ofDays(30);

  public static final Set<String> FORMATS = Set.of("csv", "json");

  /** A report's request: its type's wire name, format and range (both ends set, inclusive). */
  public record Request(String type, String format, Instant from, Instant to) {
  }

  private ReportExport() {
  }

  /**
   * Reads {@code format}, {@code from} and {@code to}: 400 naming the parameter for an unknown
   * format, a bad time, {@code from} after {@code to}, or a range wider than {@link #MAX_RANGE}.
   * Defaults: {@code to} now, {@code from} 30 days before {@code to}.
   */
  public static Request request(RoutingContext ctx, String type, String defaultFormat, Instant now) {
    String format = Params.queryEnum(ctx, "format", FORMATS);
    TimeRange range = TimeRange.from(ctx);
    Instant to = range.to() == null ? now.truncatedTo(ChronoUnit.SECONDS) : range.to();
    Instant from = range.from() == null ? to.minus(DEFAULT_RANGE) : range.from();
    if (from.isAfter(to)) {
      throw ApiException.badRequest("from", "from must not be after to");
    }
    if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
      throw ApiException.badRequest("from", "the range may span at most " + MAX_RANGE.toDays() + " days; narrow from/to");
    }
    return new Request(type, format == null ? defaultFormat : format, from, to);
  }

  /**
   * Streams the rows (their columns in the order and with the names of {@code columns}) to the response and closes the cursor at the end;
   * completes with the number of rows sent once the response has ended, or fails when it could not
   * be sent whole.
   */
  public static Future<Long> send(RoutingContext ctx, Request req, List<String> columns, ReadStream<Row> rows,
      Supplier<Future<Void>> close) {
    Promise<Long> done = Promise.promise();
    HttpServerResponse resp = ctx.response();
    boolean csv = "csv".equals(req.format());
    resp.setChunked(true);
    if (csv) {
      resp.putHeader("Content-Type", "text/csv; charset=utf-8")
          .putHeader("Content-Disposition", "attachment; filename=\"" + req.type() + ".csv\"");
    } else {
      resp.putHeader("Content-Type", "application/json; charset=utf-8");
    }
    resp.putHeader("Cache-Control", "no-store");
    long[] count = {0};
    boolean[] finished = {false};
    Buffer[] pending = {Buffer.buffer(CHUNK_BYTES + 1024)};
    Runnable abort = () -> {
      if (!finished[0]) {
        finished[0] = true;
        close.get();
        done.tryFail("the report was not sent whole");
      }
    };
    resp.closeHandler(v -> abort.run());
    resp.exceptionHandler(e -> abort.run());
    rows.exceptionHandler(e -> {
      LOG.warn("report {} failed after {} rows: {}", req.type(), count[0], e.toString());
      abort.run();
      resp.reset();
    });
    rows.handler(row -> {
      if (finished[0]) {
        return;
      }
      if (count[0] > 0 && !csv) {
        pending[0].appendByte((byte) ',');
      }
      count[0]++;
      pending[0].appendString(csv ? csvLine(row, columns) : jsonRow(row, columns).encode());
      if (pending[0].length() >= CHUNK_BYTES) {
        resp.write(pending[0]);
        pending[0] = Buffer.buffer(CHUNK_BYTES + 1024);
        if (resp.writeQueueFull()) {
          rows.pause();
          resp.drainHandler(v -> {
            if (!finished[0]) {
              rows.resume();
            }
          });
        }
      }
    });
    rows.endHandler(v -> {
      if (finished[0]) {
        return;
      }
      finished[0] = true;
      if (!csv) {
        pending[0].appendString("],\"recordCount\":" + count[0] + "},\"success\":true,\"timestamp\":\""
            + Responses.now() + "\"}");
      }
      resp.end(pending[0]).onComplete(ar -> {
        if (ar.succeeded()) {
          done.tryComplete(count[0]);
        } else {
          done.tryFail(ar.cause());
        }
      });
      close.get();
    });
    // The first byte: the header line, or the envelope up to the rows.
    resp.write(csv ? csvHeader(columns) : jsonOpening(req));
    rows.resume();
    return done.future();
  }

  /** Rows per metered unit of an export (docs/usage.md). */
  public static final long ROWS_PER_UNIT = 1_000;

  /** The units an export of {@code rows} rows adds to its request's one: one per started 1,000 rows. */
  public static long extraUnits(long rows) {
    return (rows + ROWS_PER_UNIT - 1) / ROWS_PER_UNIT;
  }

  private static String csvHeader(List<String> columns) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < columns.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(CsvTable.field(columns.get(i)));
    }
    return out.append("\r\n").toString();
  }

  private static String jsonOpening(Request req) {
    String meta = new JsonObject().put("reportType", req.type())
        .put("generatedAt", Responses.now())
        .put("fromDate", req.from().truncatedTo(ChronoUnit.SECONDS).toString())
        .put("toDate", req.to().truncatedTo(ChronoUnit.SECONDS).toString())
        .put("format", req.format()).encode();
    return "{\"data\":" + meta.substring(0, meta.length() - 1) + ",\"data\":[";
  }

  static String csvLine(Row row, List<String> columns) {
    StringBuilder out = new StringBuilder(256);
    for (int i = 0; i < columns.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(CsvTable.field(plain(row.getValue(i))));
    }
    return out.append("\r\n").toString();
  }

  static JsonObject jsonRow(Row row, List<String> columns) {
    JsonObject out = new JsonObject();
    for (int i = 0; i < columns.size(); i++) {
      out.put(columns.get(i), plain(row.getValue(i)));
    }
    return out;
  }

  /** A column's value as both formats write it: times in UTC ISO-8601, ids and text as strings, numbers exact. */
  private static Object plain(Object v) {
    if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Integer) {
      return v;
    }
    if (v instanceof Numeric n) {
      return n.bigDecimalValue();
    }
    if (v instanceof BigDecimal) {
      return v;
    }
    if (v instanceof OffsetDateTime t) {
      return Json.time(t);
    }
    if (v instanceof Number) {
      return v;
    }
    return v.toString();
  }

}
