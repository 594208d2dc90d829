package io.voltgate.store.query;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A driver's notification preferences ({@code driver_notification_preferences}), one row per driver
 * once the driver set any, read together with the account's e-mail and phone (the contact shown when
 * the driver gave none). Which names and values are allowed is decided above the store.
 */
public final class NotificationPreferenceQueries {

  /**
   * The account and what it stored.
   *
   * @param channels stored channel switches, or null when the driver never set any (likewise
   *     {@code events} and {@code updatedAt})
   * @param contactEmail the stored contact e-mail, or null (then the account's applies)
   */
  public record Stored(String accountEmail, String accountPhone, JsonObject channels, JsonObject events,
      String contactEmail, String contactPhone, OffsetDateTime updatedAt) {

    /** Whether the driver ever set preferences. */
    public boolean isSet() {
      return updatedAt != null;
    }
  }

  private final Pool pg;

  public NotificationPreferenceQueries(Pool pg) {
    this.pg = Objects.requireNonNull(pg);
  }

  /** The preferences of the driver of the scope (a driver scope only), or empty when the account is gone. */
  public Future<Optional<Stored>> find(Scope scope) {
    Scope.Driver d = scope.requireDriver();
    return pg.preparedQuery("SELECT d.email, d.phone, p.channels, p.events, p.contact_email, p.contact_phone, p.updated_at"
            + " FROM drivers d LEFT JOIN driver_notification_preferences p ON p.driver_id = d.id"
            + " WHERE d.id = $2 AND d.network_id = $1 AND d.deleted_at IS NULL")
        .execute(Tuple.of(d.networkId(), d.driverId()))
        .map(rows -> Rows.first(rows).map(NotificationPreferenceQueries::stored));
  }

  /**
   * Replaces the stored preferences of the driver of the scope (a driver scope only); completes with
   * what is stored now, or empty when the account is gone.
   */
  public Future<Optional<Stored>> save(Scope scope, JsonObject channels, JsonObject events, String contactEmail,
      String contactPhone) {
    Scope.Driver d = scope.requireDriver();
    return pg.preparedQuery("WITH saved AS (INSERT INTO driver_notification_preferences (driver_id, network_id, channels,"
            + " events, contact_email, contact_phone) SELECT d.id, d.network_id, $3, $4, $5, $6 FROM drivers d"
            + " WHERE d.id = $2 AND d.network_id = $1 AND d.deleted_at IS NULL"
            + " ON CONFLICT (driver_id) DO UPDATE SET channels = EXCLUDED.channels, events = EXCLUDED.events,"
            + " contact_email = EXCLUDED.contact_email, contact_phone = EXCLUDED.contact_phone, updated_at = now()"
            + " RETURNING *)"
            + " SELECT d.email, d.phone, p.channels, p.events, p.contact_email, p.contact_phone, p.updated_at"
            + " FROM saved p JOIN drivers d ON d.id = p.driver_id")
        .execute(Tuple.from(Arrays.asList(d.networkId(), d.driverId(), channels, events, contactEmail, contactPhone)))
        .map(rows -> Rows.first(rows).map(NotificationPreferenceQueries::stored));
  }

  private static Stored stored(Row r) {
    return new Stored(r.getString("email"), r.getString("phone"), (JsonObject) r.getJson("channels"),
        (JsonObject) r.getJson("events"), r.getString("contact_email"), r.getString("contact_phone"),
        r.getOffsetDateTime("updated_at"));
  }
}
