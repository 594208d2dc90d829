package io.voltgate.store.query;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Invoices of CDRs ({@code invoices}, {@code invoice_lines}, {@code invoice_counters}). Issuing is
 * one database transaction ({@link #inTransaction}): the service decides, these statements read
 * and write. What the rules are (numbering, idempotency, tax, due date) is the service's business.
 */
public final class InvoiceQueries {

  private final Pool pg;

  public InvoiceQueries(Pool pg) {
    this.pg = Objects.requireNonNull(pg);
  }

  /** One line of an invoice: a CDR as it was when invoiced. */
  public record Line(UUID transactionId, OffsetDateTime sessionDate, String locationName, BigDecimal energyKwh,
      BigDecimal amount) {
  }

  /** An invoice to store. {@code setKey} identifies its set of CDRs (the same set finds it again). */
  public record NewInvoice(UUID id, UUID networkId, UUID driverId, String invoiceNumber, String setKey,
      String currency, BigDecimal subtotal, BigDecimal tax, BigDecimal total, OffsetDateTime issuedAt,
      LocalDate dueDate, List<Line> lines) {
  }

  /** A stored invoice with its driver's name and e-mail (null without a driver). */
  public record Invoice(UUID id, UUID networkId, String invoiceNumber, OffsetDateTime issuedAt, LocalDate dueDate,
      UUID driverId, String driverName, String driverEmail, List<Line> lines, BigDecimal subtotal, BigDecimal tax,
      BigDecimal total, String currency, String status) {
  }

  /** A CDR that is on an invoice already. */
  public record Invoiced(UUID transactionId, String invoiceNumber) {
  }

  /** Runs {@code work} in one database transaction, committed when its future succeeds. */
  public <T> Future<T> inTransaction(Function<Tx, Future<T>> work) {
    return pg.withTransaction(conn -> work.apply(new Tx(conn)));
  }

  /** The statements of an issue, on one connection inside a transaction. */
  public static final class Tx {

    private final SqlClient conn;

    private Tx(SqlClient conn) {
      this.conn = conn;
    }

    /** The scope's CDRs among {@code ids}, locked until the transaction ends, in id order. */
    public Future<List<CdrView>> lockTransactions(Scope scope, List<UUID> ids) {
      return TransactionQueries.lockedForInvoice(conn, scope, ids);
    }

    /** The network's settings (billing prefix, terms, time zone live in its settings document). */
    public Future<Optional<NetworkQueries.Settings>> networkSettings(UUID networkId) {
      return new NetworkQueries(conn).settings(Scope.unrestricted(), networkId);
    }

    /** The network's invoice of exactly this set of CDRs, or empty. */
    public Future<Optional<Invoice>> findBySet(UUID networkId, String setKey) {
      return conn.preparedQuery("SELECT id FROM invoices WHERE network_id = $1 AND set_key = $2")
          .execute(Tuple.of(networkId, setKey))
          .compose(rows -> rows.size() == 0 ? Future.succeededFuture(Optional.empty())
              : find(rows.iterator().next().getUUID("id")));
    }

    /** Which of {@code ids} are on an invoice already, with its number. */
    public Future<List<Invoiced>> alreadyInvoiced(List<UUID> ids) {
      return conn.preparedQuery("SELECT l.transaction_id, i.invoice_number FROM invoice_lines l"
              + " JOIN invoices i ON i.id = l.invoice_id WHERE l.transaction_id = ANY($1) ORDER BY l.transaction_id")
          .execute(Tuple.of((Object) ids.toArray(new UUID[0])))
          .map(rows -> {
            List<Invoiced> found = new ArrayList<>();
            for (Row r : rows) {
              found.add(new Invoiced(r.getUUID("transaction_id"), r.getString("invoice_number")));
            }
            return found;
          });
    }

    /** The network's next invoice number (1, 2, ...); the counter row stays locked until the transaction ends. */
    public Future<Long> nextNumber(UUID networkId) {
      return conn.preparedQuery("INSERT INTO invoice_counters (network_id, last_number) VALUES ($1, 1)"
              + " ON CONFLICT (network_id) DO UPDATE SET last_number = invoice_counters.last_number + 1"
              + " RETURNING last_number")
          .execute(Tuple.of(networkId))
          .map(rows -> rows.iterator().next().getLong("last_number"));
    }

    /** Stores the invoice and its lines, and stamps its number and date on its CDRs; completes with the stored invoice. */
    public Future<Invoice> insert(NewInvoice n) {
      Tuple header = Tuple.from(new Object[] {n.id(), n.networkId(), n.driverId(), n.invoiceNumber(), n.setKey(),
          n.currency(), n.subtotal(), n.tax(), n.total(), n.issuedAt(), n.dueDate()});
      List<Tuple> lines = new ArrayList<>();
      for (int i = 0; i < n.lines().size(); i++) {
        Line l = n.lines().get(i);
        lines.add(Tuple.of(n.id(), l.transactionId(), i + 1, l.sessionDate(), l.locationName(), l.energyKwh(),
            l.amount()));
      }
      UUID[] ids = n.lines().stream().map(Line::transactionId).toArray(UUID[]::new);
      return conn.preparedQuery("INSERT INTO invoices (id, network_id, driver_id, invoice_number, set_key, currency,"
              + " subtotal, tax, total, issued_at, due_date) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
          .execute(header)
          .compose(v -> conn.preparedQuery("INSERT INTO invoice_lines (invoice_id, transaction_id, position,"
              + " session_date, location_name, energy_kwh, amount) VALUES ($1, $2, $3, $4, $5, $6, $7)").executeBatch(lines))
          .compose(v -> conn.preparedQuery("UPDATE transactions SET invoice_number = $2, invoice_date = $3"
              + " WHERE id = ANY($1)").execute(Tuple.of(ids, n.invoiceNumber(), n.issuedAt())))
          .compose(v -> find(n.id()))
          .map(Optional::orElseThrow);
    }

    private Future<Optional<Invoice>> find(UUID id) {
      return InvoiceQueries.find(conn, id);
    }
  }

  private static Future<Optional<Invoice>> find(SqlClient client, UUID id) {
    Future<List<Line>> lines = client.preparedQuery("SELECT transaction_id, session_date, location_name, energy_kwh,"
            + " amount FROM invoice_lines WHERE invoice_id = $1 ORDER BY position")
        .execute(Tuple.of(id))
        .map(rows -> {
          List<Line> found = new ArrayList<>();
          for (Row r : rows) {
            found.add(new Line(r.getUUID("transaction_id"), r.getOffsetDateTime("session_date"),
                r.getString("location_name"), r.getBigDecimal("energy_kwh"), r.getBigDecimal("amount")));
          }
          return found;
        });
    return lines.compose(found -> client.preparedQuery("SELECT i.*, d.email AS driver_email,"
            + " COALESCE(NULLIF(concat_ws(' ', d.first_name, d.last_name), ''), d.name) AS driver_name"
            + " FROM invoices i LEFT JOIN drivers d ON d.id = i.driver_id WHERE i.id = $1")
        .execute(Tuple.of(id))
        .map(rows -> Rows.first(rows).map(r -> new Invoice(r.getUUID("id"), r.getUUID("network_id"),
            r.getString("invoice_number"), r.getOffsetDateTime("issued_at"), r.getLocalDate("due_date"),
            r.getUUID("driver_id"), r.getString("driver_name"), r.getString("driver_email"), found,
            r.getBigDecimal("subtotal"), r.getBigDecimal("tax"), r.getBigDecimal("total"),
            r.getString("currency").trim(), r.getString("status")))));
  }
}
