package io.voltgate.api.emsp;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.family.Caller;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.http.BodySchemas;
import io.voltgate.api.http.Json;
import io.voltgate.api.http.Reply;
import io.voltgate.services.billing.Invoicing;
import io.voltgate.store.query.InvoiceQueries;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * {@code POST /emsp/v1/invoices}: the invoice of one or more transactions (CDRs) of the caller's
 * scope. 201 with a new invoice; 200 with the same invoice when this set of transactions was
 * invoiced before; 409 {@code transaction_already_invoiced} when one of them is on another invoice;
 * 404 when one is not the caller's. The rules are {@link Invoicing}'s.
 */
public final class InvoiceEndpoints {

  private static final String BODY = "emsp-invoice-create";

  private final Invoicing invoicing;

  public InvoiceEndpoints(Invoicing invoicing) {
    this.invoicing = Objects.requireNonNull(invoicing);
  }

  public void register(ApiRoutes routes) {
    routes.tag("Invoices").callers(Caller.KEY_OR_DRIVER)
        .create("/emsp/v1/invoices", "emsp:invoices:write",
            "Generates an invoice for one or more transactions (201; 200 with the same invoice for a set invoiced before).",
            BODY, (ctx, p) -> issue(p, BodySchemas.validated(ctx, BODY)));
  }

  private Future<Reply> issue(ApiPrincipal p, JsonObject b) {
    List<UUID> ids = b.getJsonArray("transactionIds").stream().map(id -> UUID.fromString((String) id)).toList();
    return invoicing.issue(p.scope(), ids).map(found -> {
      Invoicing.Issued issued = found.orElseThrow(() -> ApiException.notFound("Transaction"));
      JsonObject data = render(issued.invoice());
      return issued.created() ? Reply.created(data) : Reply.ok(data);
    });
  }

  static JsonObject render(InvoiceQueries.Invoice i) {
    JsonArray lines = new JsonArray();
    for (InvoiceQueries.Line l : i.lines()) {
      lines.add(new JsonObject()
          .put("transactionId", Json.id(l.transactionId()))
          .put("sessionDate", Json.time(l.sessionDate()))
          .put("locationName", l.locationName())
          .put("energyKwh", Json.number(l.energyKwh()))
          .put("amount", Json.number(l.amount())));
    }
    return new JsonObject()
        .put("id", Json.id(i.id()))
        .put("invoiceNumber", i.invoiceNumber())
        .put("issueDate", Json.time(i.issuedAt()))
        .put("dueDate", i.dueDate().toString())
        .put("userId", Json.id(i.driverId()))
        .put("userName", i.driverName())
        .put("userEmail", i.driverEmail())
        .put("lineItems", lines)
        .put("subtotal", Json.number(i.subtotal()))
        .put("tax", Json.number(i.tax()))
        .put("total", Json.number(i.total()))
        .put("currency", i.currency())
        .put("status", i.status());
  }
}
