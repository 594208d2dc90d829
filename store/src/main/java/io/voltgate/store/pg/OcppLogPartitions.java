package io.voltgate.store.pg;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Keeps the OCPP message log's daily partitions: creates those of yesterday to {@link #DAYS_AHEAD}
 * days ahead, and drops whole partitions whose last instant is older than the longest retention any
 * network has (its own {@code networks.ocpp_log_retention_days}, else the default). Rows of a network
 * with a shorter retention may outlive it in a partition kept for another network; reads never show
 * them ({@code store.query.OcppMessageQueries}). One node does it at a time: the round runs in a
 * transaction holding a transaction-scoped advisory lock that others only try.
 */
public final class OcppLogPartitions {

  /** Partitions exist up to this many days ahead, so a frame always finds its partition. */
  public static final int DAYS_AHEAD = 2;
  /** Any constant unique to this use. */
  private static final long LOCK = 0x0CC9_1069_0000_0020L;
  private static final String PREFIX = "ocpp_messages_d";
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

  /** What one round did; {@code ran} is false when another node held the lock. */
  public record Round(boolean ran, List<String> created, List<String> dropped, int retentionDays) {
  }

  private final Pool pg;

  public OcppLogPartitions(Pool pg) {
    this.pg = Objects.requireNonNull(pg);
  }

  /**
   * Runs one round at {@code now}.
   *
   * @param defaultRetentionDays retention of networks without their own
   * @return what was created and dropped; fails when Postgres does
   */
  public Future<Round> maintain(Instant now, int defaultRetentionDays) {
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    return pg.withTransaction(conn -> conn.preparedQuery("SELECT pg_try_advisory_xact_lock($1) AS got")
        .execute(Tuple.of(LOCK))
        .compose(rows -> {
          if (!rows.iterator().next().getBoolean("got")) {
            return Future.succeededFuture(new Round(false, List.of(), List.of(), defaultRetentionDays));
          }
          return create(conn, today).compose(created -> retention(conn, defaultRetentionDays)
              .compose(days -> drop(conn, today.minusDays(days))
                  .map(dropped -> new Round(true, created, dropped, days))));
        }));
  }

  private static Future<List<String>> create(SqlConnection conn, LocalDate today) {
    List<LocalDate> days = new ArrayList<>();
    for (int d = -1; d <= DAYS_AHEAD; d++) {
      days.add(today.plusDays(d));
    }
    return conn.preparedQuery("SELECT d::date AS day, ocpp_messages_ensure_partition(d::date) AS created"
            + " FROM unnest($1::date[]) AS d")
        .execute(Tuple.of(days.toArray(LocalDate[]::new)))
        .map(rows -> {
          List<String> created = new ArrayList<>();
          for (Row r : rows) {
            if (r.getBoolean("created")) {
              created.add(PREFIX + DAY.format(r.getLocalDate("day")));
            }
          }
          return created;
        });
  }

  private static Future<Integer> retention(SqlConnection conn, int defaultDays) {
    return conn.preparedQuery("SELECT greatest($1::int, coalesce(max(ocpp_log_retention_days), 0)) AS days"
            + " FROM networks WHERE deleted_at IS NULL")
        .execute(Tuple.of(defaultDays))
        .map(rows -> rows.iterator().next().getInteger("days"));
  }

  /** Drops every daily partition whose day ends on or before {@code cutoff} (its whole range is older). */
  private static Future<List<String>> drop(SqlConnection conn, LocalDate cutoff) {
    return conn.query("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
            + " WHERE i.inhparent = 'ocpp_messages'::regclass ORDER BY c.relname").execute()
        .compose(rows -> {
          List<String> old = new ArrayList<>();
          for (Row r : rows) {
            String name = r.getString("relname");
            LocalDate day = dayOf(name);
            if (day != null && !day.plusDays(1).isAfter(cutoff)) {
              old.add(name);
            }
          }
          Future<Void> chain = Future.succeededFuture();
          for (String name : old) {
            // The name was read from the catalogue and matched the partition pattern: safe to quote.
            chain = chain.compose(v -> conn.query("DROP TABLE \"" + name + "\"").execute().mapEmpty());
          }
          return chain.map(old);
        });
  }

  /** The day of a partition named {@code ocpp_messages_dYYYYMMDD}, else null. */
  static LocalDate dayOf(String partition) {
    if (!partition.startsWith(PREFIX) || partition.length() != PREFIX.length() + 8) {
      return null;
    }
    try {
      return LocalDate.parse(partition.substring(PREFIX.length()), DAY);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** Sizes of the partitions in bytes, by name (metrics). */
  public Future<List<Row>> sizes() {
    return pg.query("SELECT c.relname AS name, pg_total_relation_size(c.oid) AS bytes FROM pg_inherits i"
        + " JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'ocpp_messages'::regclass").execute()
        .map(rows -> {
          List<Row> out = new ArrayList<>();
          rows.forEach(out::add);
          return out;
        });
  }
}
