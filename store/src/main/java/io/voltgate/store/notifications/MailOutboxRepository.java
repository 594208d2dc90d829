package io.voltgate.store.notifications;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.Objects;
import java.util.UUID;

/** Mail not handed to an SMTP server: queued (no server configured) or failed (with its error). */
public final class MailOutboxRepository {

  private final Pool pg;

  public MailOutboxRepository(Pool pg) {
    this.pg = Objects.requireNonNull(pg);
  }

  /** Stores one message; completes with its id. */
  public Future<UUID> insert(UUID networkId, String kind, String recipient, String subject, String body,
      String status, String error) {
    UUID id = UUID.randomUUID();
    return pg.preparedQuery("INSERT INTO mail_outbox (id, network_id, kind, recipient, subject, body, status, error)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
        .execute(Tuple.from(new Object[] {id, networkId, kind, recipient, subject, body, status, error}))
        .map(id);
  }
}
