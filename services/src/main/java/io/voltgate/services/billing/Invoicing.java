package io.voltgate.services.billing;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.voltgate.services.Refusal;
import io.voltgate.store.query.CdrView;
import io.voltgate.store.query.InvoiceQueries;
import io.voltgate.store.query.NetworkQueries;
import io.voltgate.store.query.Scope;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Issues the invoice of a set of CDRs (docs/emsp.md, "Money"). The rules:
 *
 * <ul>
 *   <li>one invoice per set: the same set of CDRs asked again answers the invoice issued for it
 *       (the order and repetitions of the ids do not matter); a CDR already on another invoice is
 *       refused ({@code 409 transaction_already_invoiced}), so no CDR is billed twice;</li>
 *   <li>the CDRs are of one network, one driver (or all without one) and one currency;</li>
 *   <li>number: the network's {@code billing.invoicePrefix} (default {@code INV}), a dash and the
 *       network's next number on six digits ({@code INV-000042}), without gaps;</li>
 *   <li>amounts: a line is the CDR's pre-tax subtotal; the tax is the CDRs' tax as priced (the
 *       tariff's rate, never a second tax on top); total = subtotal + tax;</li>
 *   <li>due date: the issue date in the network's time zone plus {@code billing.paymentTermsDays}
 *       (default 30).</li>
 * </ul>
 */
public final class Invoicing {

  /** Most CDRs on one invoice. */
  public static final int MAX_LINES = 100;

  static final String DEFAULT_PREFIX = "INV";
  static final int DEFAULT_TERMS_DAYS = 30;

  private final InvoiceQueries invoices;
  private final Clock clock;

  public Invoicing(InvoiceQueries invoices, Clock clock) {
    this.invoices = Objects.requireNonNull(invoices);
    this.clock = Objects.requireNonNull(clock);
  }

  /**
   * An invoice and whether this call issued it (false: the set was invoiced before).
   */
  public record Issued(InvoiceQueries.Invoice invoice, boolean created) {
  }

  /**
   * The invoice of these CDRs of the scope. Completes empty when one of them is not the scope's
   * (unknown, another network's, another driver's: answered alike), and fails with a
   * {@link Refusal} for a set that cannot be invoiced.
   */
  public Future<Optional<Issued>> issue(Scope scope, List<UUID> transactionIds) {
    List<UUID> ids = List.copyOf(new TreeSet<>(transactionIds));
    if (ids.isEmpty() || ids.size() > MAX_LINES) {
      return Future.failedFuture(Refusal.invalid("transactionIds", "between 1 and " + MAX_LINES + " transactions"));
    }
    String setKey = setKey(ids);
    return invoices.inTransaction(tx -> tx.lockTransactions(scope, ids).compose(cdrs -> {
      if (cdrs.size() != ids.size()) {
        return Future.succeededFuture(Optional.empty());
      }
      UUID network = single(cdrs.stream().map(CdrView::networkId).toList(), "network");
      return tx.findBySet(network, setKey).compose(existing -> existing.isPresent()
          ? Future.succeededFuture(Optional.of(new Issued(existing.get(), false)))
          : tx.alreadyInvoiced(ids).compose(taken -> {
            if (!taken.isEmpty()) {
              InvoiceQueries.Invoiced first = taken.get(0);
              throw Refusal.conflict("transaction_already_invoiced", "Transaction " + first.transactionId()
                  + " is already on invoice " + first.invoiceNumber());
            }
            return issueNew(tx, network, setKey, cdrs).map(inv -> Optional.of(new Issued(inv, true)));
          }));
    }));
  }

  private Future<InvoiceQueries.Invoice> issueNew(InvoiceQueries.Tx tx, UUID network, String setKey,
      List<CdrView> cdrs) {
    UUID driver = single(cdrs.stream().map(c -> Optional.ofNullable(c.driverId())).toList(), "user").orElse(null);
    String currency = single(cdrs.stream().map(CdrView::currency).toList(), "currency");
    return tx.networkSettings(network).compose(found -> {
      JsonObject settings = found.map(NetworkQueries.Settings::settings).orElseGet(JsonObject::new);
      JsonObject billing = settings.getJsonObject("billing", new JsonObject());
      OffsetDateTime issuedAt = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
      LocalDate dueDate = issuedAt.atZoneSameInstant(zone(settings)).toLocalDate()
          .plusDays(billing.getInteger("paymentTermsDays", DEFAULT_TERMS_DAYS));
      String prefix = billing.getString("invoicePrefix", DEFAULT_PREFIX);
      return tx.nextNumber(network).compose(n -> tx.insert(draft(network, driver, number(prefix, n), setKey, currency,
          issuedAt, dueDate, cdrs)));
    });
  }

  private static InvoiceQueries.NewInvoice draft(UUID network, UUID driver, String number, String setKey,
      String currency, OffsetDateTime issuedAt, LocalDate dueDate, List<CdrView> cdrs) {
    List<CdrView> byDate = cdrs.stream().sorted((a, b) -> a.startedAt().compareTo(b.startedAt())).toList();
    List<InvoiceQueries.Line> lines = byDate.stream().map(c -> new InvoiceQueries.Line(c.id(), c.startedAt(),
        c.locationName(), c.energyKwh(), c.subtotal())).toList();
    BigDecimal subtotal = sum(cdrs.stream().map(CdrView::subtotal).toList());
    BigDecimal tax = sum(cdrs.stream().map(CdrView::tax).toList());
    return new InvoiceQueries.NewInvoice(UUID.randomUUID(), network, driver, number, setKey, currency, subtotal, tax,
        subtotal.add(tax), issuedAt, dueDate, lines);
  }

  /** {@code PREFIX-000042}: six digits keep numbers sortable as text up to a million invoices per network. */
  static String number(String prefix, long n) {
    return prefix + "-" + String.format("%06d", n);
  }

  /** SHA-256 (hex) of the sorted ids, one per line: the identity of a set of CDRs. */
  static String setKey(List<UUID> sortedIds) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (UUID id : sortedIds) {
        sha.update((id + "\n").getBytes(StandardCharsets.US_ASCII));
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static ZoneId zone(JsonObject settings) {
    try {
      return ZoneId.of(settings.getString("timeZone", "UTC"));
    } catch (DateTimeException e) {
      return ZoneOffset.UTC; // settings are validated on write; an old bad value must not block invoicing
    }
  }

  private static BigDecimal sum(List<BigDecimal> amounts) {
    return amounts.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  /** The one value all CDRs share; a mixed set is refused (an invoice has one of each). */
  private static <T> T single(List<T> values, String what) {
    if (values.stream().distinct().count() != 1) {
      throw Refusal.invalid("transactionIds", "the transactions must all be of one " + what);
    }
    return values.get(0);
  }
}
