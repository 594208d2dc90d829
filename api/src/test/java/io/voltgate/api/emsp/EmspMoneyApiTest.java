package io.voltgate.api.emsp;

import static io.voltgate.api.support.ApiTestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import io.voltgate.api.auth.Scopes;
import io.voltgate.api.support.ApiTestServer;
import io.voltgate.api.support.ApiTestServer.Result;
import io.voltgate.api.support.MoneyFixtures;
import io.voltgate.services.billing.SessionBilling;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The money part of {@code /emsp/v1} over real HTTP: price estimates, transactions (CDRs priced by
 * the billing service from real sessions), invoices and the (disabled) payment endpoints.
 *
 * <p>Network A: tariff "AC" (0.30/kWh, 1.00 session fee, 6.00/h idle without grace, 20 % tax) on
 * one charger, invoice prefix {@code PRA}, 15 days' payment terms; drivers Maya and Leo. Every A
 * session is 10 kWh in 60 minutes: 3.00 + 1.00 = 4.00, tax 0.80, total 4.80. Network B: one CDR.
 */
@Timeout(120)
class EmspMoneyApiTest {

  private static final Instant START = Instant.parse("2026-06-17T10:00:00Z");

  private static ApiTestServer api;
  private static MoneyFixtures fx;
  private static UUID networkA;
  private static UUID networkB;
  private static String serverA;
  private static String serverB;
  private static String appA;
  private static UUID chargerA;
  private static UUID connectorA;
  private static UUID tariffA;
  private static UUID tariffB;
  private static UUID cdrB;
  private static Driver maya;
  private static Driver leo;
  private static int sessions;

  @BeforeAll
  static void start() {
    api = ApiTestServer.start();
    fx = new MoneyFixtures(api.pg);
    networkA = api.network("Money A " + UUID.randomUUID());
    networkB = api.network("Money B " + UUID.randomUUID());
    String operatorA = api.key(List.of(networkA), Scopes.CPMS);
    String operatorB = api.key(List.of(networkB), Scopes.CPMS);
    assertEquals(200, api.call("PUT", "/cpms/v1/settings", operatorA, new JsonObject().put("timeZone", "UTC")
        .put("billing", new JsonObject().put("invoicePrefix", "PRA").put("paymentTermsDays", 15))).status());
    serverA = mint(operatorA, networkA, "ServerSide");
    serverB = mint(operatorB, networkB, "ServerSide");
    appA = mint(operatorA, networkA, "Publishable");
    maya = driver("Maya");
    leo = driver("Leo");

    chargerA = fx.charger(networkA, fx.location(networkA, "Isla Verde Mall", "UTC"));
    connectorA = fx.connector(chargerA, 1);
    tariffA = tariff(operatorA, chargerA, new JsonObject().put("name", "AC").put("energyRate", 0.30)
        .put("sessionFee", 1).put("idleRate", 6).put("idleGracePeriodMinutes", 0).put("taxRate", 20));
    UUID chargerB = fx.charger(networkB, fx.location(networkB, "B's place", "UTC"));
    tariffB = tariff(operatorB, chargerB, new JsonObject().put("name", "B").put("energyRate", 0.50));
    cdrB = cdr(networkB, chargerB, fx.connector(chargerB, 1), null);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  // --- pricing ------------------------------------------------------------------------------------

  @Test
  void anEstimateIsPricedLikeTheCdrOfTheSameSession() {
    UUID cdr = cdrA(maya.id);
    Result estimate = api.post("/emsp/v1/pricing/calculate", serverA, new JsonObject()
        .put("tariffId", tariffA.toString()).put("energyKwh", 10).put("durationMinutes", 60)
        .put("startTime", START.toString()));
    assertEquals(200, estimate.status(), estimate.raw());
    JsonObject e = estimate.data();
    assertEquals(new JsonObject().put("energyCost", 3.0).put("timeCost", 0.0).put("sessionFee", 1.0)
        .put("idleFee", 0.0).put("subtotal", 4.0).put("tax", 0.8).put("total", 4.8).put("currency", "EUR")
        .put("tariffName", "AC"), e);

    JsonObject breakdown = maya.call("GET", "/emsp/v1/transactions/" + cdr, null).data().getJsonObject("costBreakdown");
    for (String field : List.of("energyCost", "timeCost", "sessionFee", "idleFee", "subtotal", "tax", "total")) {
      assertEquals(breakdown.getDouble(field), e.getDouble(field), field + ": same engine as the CDR");
    }
  }

  @Test
  void idleMinutesArePricedAtTheIdleRateForADriverToo() {
    Result estimate = maya.call("POST", "/emsp/v1/pricing/calculate", new JsonObject()
        .put("tariffId", tariffA.toString()).put("energyKwh", 10).put("durationMinutes", 90).put("idleMinutes", 30));
    assertEquals(200, estimate.status(), estimate.raw());
    assertEquals(3.0, estimate.data().getDouble("idleFee"), "30 min at 6.00/h: " + estimate.raw());
    assertEquals(7.0, estimate.data().getDouble("subtotal"));
    assertEquals(8.4, estimate.data().getDouble("total"));
  }

  @Test
  void badEstimatesAreRefusedAndOtherNetworksTariffsAreNotFound() {
    JsonObject ok = new JsonObject().put("tariffId", tariffA.toString()).put("energyKwh", 10).put("durationMinutes", 60);
    for (JsonObject bad : List.of(ok.copy().put("energyKwh", -1), ok.copy().put("idleMinutes", 61),
        ok.copy().put("timeZone", "Mars/Olympus"), ok.copy().put("startTime", "yesterday"),
        ok.copy().put("tariffId", "not-a-uuid"), ok.copy().put("durationMinutes", 1.5),
        new JsonObject().put("energyKwh", 1).put("durationMinutes", 1))) {
      Result r = api.post("/emsp/v1/pricing/calculate", serverA, bad);
      assertEquals(400, r.status(), bad.encode() + " → " + r.raw());
      assertEquals("validation_error", r.error(), r.raw());
    }
    Result other = api.post("/emsp/v1/pricing/calculate", serverA, ok.copy().put("tariffId", tariffB.toString()));
    assertEquals(404, other.status(), other.raw());
    assertEquals(404, api.post("/emsp/v1/pricing/calculate", serverA,
        ok.copy().put("tariffId", UUID.randomUUID().toString())).status());
  }

  // --- transactions -------------------------------------------------------------------------------

  @Test
  void aBackEndPagesItsNetworksTransactionsAndADriverSeesOnlyTheirOwn() {
    Driver ana = driver("Ana");
    Driver ben = driver("Ben");
    UUID first = cdrA(ana.id);
    UUID second = cdrA(ana.id);
    UUID bens = cdrA(ben.id);

    Result anas = ana.call("GET", "/emsp/v1/transactions?pageSize=1", null);
    assertEquals(200, anas.status(), anas.raw());
    assertEquals(new JsonObject().put("totalCount", 2).put("page", 1).put("pageSize", 1).put("totalPages", 2)
        .put("hasNextPage", true).put("hasPreviousPage", false), anas.json().getJsonObject("pagination"));
    JsonObject item = anas.list().getJsonObject(0);
    assertEquals(second.toString(), item.getString("id"), "latest end first");
    assertEquals(Set.of("id", "ocpiId", "sessionId", "userId", "startTime", "endTime", "totalEnergyKwh", "amount",
        "currency", "paymentStatus", "locationName"), item.fieldNames(), "the seed's fields");
    assertEquals(ana.id.toString(), item.getString("userId"));
    assertEquals(10.0, item.getDouble("totalEnergyKwh"));
    assertEquals(4.8, item.getDouble("amount"));
    assertEquals("Isla Verde Mall", item.getString("locationName"));
    assertEquals(first.toString(), ana.call("GET", "/emsp/v1/transactions?page=2&pageSize=1", null).list()
        .getJsonObject(0).getString("id"));
    assertEquals(404, ana.call("GET", "/emsp/v1/transactions/" + bens, null).status(), "Ben's CDR is not Ana's");

    Result byUser = api.get("/emsp/v1/transactions?userId=" + ben.id, serverA);
    assertEquals(200, byUser.status(), byUser.raw());
    assertEquals(1, byUser.list().size());
    assertEquals(bens.toString(), byUser.list().getJsonObject(0).getString("id"));
    Result all = api.get("/emsp/v1/transactions?pageSize=100", serverA);
    List<String> ids = all.list().stream().map(o -> ((JsonObject) o).getString("id")).toList();
    assertTrue(ids.containsAll(List.of(first.toString(), second.toString(), bens.toString())), all.raw());
    assertTrue(!ids.contains(cdrB.toString()), "nothing of network B");
    assertEquals(0, api.get("/emsp/v1/transactions?userId=" + ben.id, serverB).list().size());
  }

  @Test
  void aTransactionsDetailCarriesTheSeedsCostBreakdown() {
    UUID cdr = cdrA(maya.id);
    Result r = api.get("/emsp/v1/transactions/" + cdr, serverA);
    assertEquals(200, r.status(), r.raw());
    JsonObject d = r.data();
    assertEquals(Set.of("id", "ocpiId", "sessionId", "userId", "startTime", "endTime", "totalEnergyKwh",
        "totalTimeMinutes", "currency", "paymentStatus", "locationId", "locationName", "locationAddress", "chargerUid",
        "connectorNumber", "costBreakdown"), d.fieldNames(), "the seed's fields");
    assertEquals(60.0, d.getDouble("totalTimeMinutes"));
    assertEquals(1, d.getInteger("connectorNumber"));
    assertEquals(fx.chargePointId(chargerA), d.getString("chargerUid"));
    assertEquals("1 Main St, Springfield", d.getString("locationAddress"));
    assertEquals(new JsonObject().put("energyCost", 3.0).put("timeCost", 0.0).put("sessionFee", 1.0)
        .put("idleFee", 0.0).put("subtotal", 4.0).put("tax", 0.8).put("total", 4.8), d.getJsonObject("costBreakdown"));
  }

  @Test
  void anotherNetworksTransactionIsNotFoundAndBadParametersAre400() {
    Result other = api.get("/emsp/v1/transactions/" + cdrB, serverA);
    assertEquals(404, other.status(), other.raw());
    assertEquals("not_found", other.error());
    assertEquals(404, maya.call("GET", "/emsp/v1/transactions/" + cdrB, null).status());
    assertEquals(200, api.get("/emsp/v1/transactions/" + cdrB, serverB).status());
    for (String bad : List.of("/emsp/v1/transactions/nope", "/emsp/v1/transactions?userId=x",
        "/emsp/v1/transactions?from=2026-07-01&to=2026-06-01", "/emsp/v1/transactions?pageSize=0")) {
      Result r = api.get(bad, serverA);
      assertEquals(400, r.status(), bad + " → " + r.raw());
    }
    assertEquals(401, api.get("/emsp/v1/transactions", appA).status(), "an app key needs a driver's token");
  }

  // --- invoices -----------------------------------------------------------------------------------

  @Test
  void anInvoiceIsNumberedTaxedAndDueAfterTheNetworksTermsAndIssuedOncePerSet() {
    UUID a = cdrA(maya.id);
    UUID b = cdrA(maya.id);
    Result issued = api.post("/emsp/v1/invoices", serverA, ids(b, a));
    assertEquals(201, issued.status(), issued.raw());
    JsonObject inv = issued.data();
    assertEquals(Set.of("id", "invoiceNumber", "issueDate", "dueDate", "userId", "userName", "userEmail", "lineItems",
        "subtotal", "tax", "total", "currency", "status"), inv.fieldNames(), "the seed's fields");
    assertTrue(inv.getString("invoiceNumber").matches("PRA-\\d{6}"), inv.getString("invoiceNumber"));
    OffsetDateTime issueDate = OffsetDateTime.parse(inv.getString("issueDate"));
    assertTrue(Math.abs(ChronoUnit.SECONDS.between(issueDate.toInstant(), Instant.now())) < 60, inv.encode());
    assertEquals(issueDate.toLocalDate().plusDays(15), LocalDate.parse(inv.getString("dueDate")));
    assertEquals(maya.id.toString(), inv.getString("userId"));
    assertEquals("Maya Rivera", inv.getString("userName"));
    assertEquals(maya.email, inv.getString("userEmail"));
    assertEquals(8.0, inv.getDouble("subtotal"));
    assertEquals(1.6, inv.getDouble("tax"));
    assertEquals(9.6, inv.getDouble("total"));
    assertEquals("EUR", inv.getString("currency"));
    assertEquals("issued", inv.getString("status"));
    JsonArray lines = inv.getJsonArray("lineItems");
    assertEquals(2, lines.size());
    assertEquals(new JsonObject().put("transactionId", a.toString()).put("sessionDate", lines.getJsonObject(0)
        .getString("sessionDate")).put("locationName", "Isla Verde Mall").put("energyKwh", 10.0).put("amount", 4.0),
        lines.getJsonObject(0), "pre-tax amount per line, oldest session first");

    Result again = api.post("/emsp/v1/invoices", serverA, ids(a, b, a));
    assertEquals(200, again.status(), "the same set again is the same invoice: " + again.raw());
    assertEquals(inv, again.data());

    UUID c = cdrA(maya.id);
    Result overlap = api.post("/emsp/v1/invoices", serverA, ids(b, c));
    assertEquals(409, overlap.status(), overlap.raw());
    assertEquals("transaction_already_invoiced", overlap.error());
    assertTrue(overlap.json().getString("message").contains(inv.getString("invoiceNumber")), overlap.raw());

    Result next = api.post("/emsp/v1/invoices", serverA, ids(c));
    assertEquals(201, next.status(), next.raw());
    long n1 = Long.parseLong(inv.getString("invoiceNumber").substring(4));
    assertEquals(String.format("PRA-%06d", n1 + 1), next.data().getString("invoiceNumber"),
        "the overlap refused took no number");
  }

  @Test
  void twoConcurrentRequestsForOneSetIssueOneInvoice() {
    JsonObject body = ids(cdrA(leo.id), cdrA(leo.id));
    List<CompletableFuture<Result>> calls = List.of(
        CompletableFuture.supplyAsync(() -> api.post("/emsp/v1/invoices", serverA, body)),
        CompletableFuture.supplyAsync(() -> api.post("/emsp/v1/invoices", serverA, body)));
    List<Result> answers = calls.stream().map(CompletableFuture::join).toList();
    assertEquals(Set.of(200, 201), Set.of(answers.get(0).status(), answers.get(1).status()),
        answers.get(0).raw() + " / " + answers.get(1).raw());
    assertEquals(answers.get(0).data(), answers.get(1).data());
  }

  @Test
  void invoicesRefuseMixedUsersOtherNetworksAndBadBodies() {
    UUID mayas = cdrA(maya.id);
    UUID leos = cdrA(leo.id);
    Result mixed = api.post("/emsp/v1/invoices", serverA, ids(mayas, leos));
    assertEquals(400, mixed.status(), mixed.raw());
    assertEquals("transactionIds", mixed.json().getString("field"));
    assertEquals(404, api.post("/emsp/v1/invoices", serverA, ids(mayas, cdrB)).status(), "B's CDR is not A's");
    assertEquals(404, api.post("/emsp/v1/invoices", serverA, ids(UUID.randomUUID())).status());
    for (JsonObject bad : List.of(new JsonObject(), new JsonObject().put("transactionIds", new JsonArray()),
        new JsonObject().put("transactionIds", new JsonArray().add("x")))) {
      Result r = api.post("/emsp/v1/invoices", serverA, bad);
      assertEquals(400, r.status(), bad.encode() + " → " + r.raw());
    }
    assertEquals(403, maya.call("POST", "/emsp/v1/invoices", ids(mayas)).status(),
        "an app key does not hold emsp:invoices:write");
    Result own = api.post("/emsp/v1/invoices", serverA, ids(mayas));
    assertEquals(201, own.status(), own.raw());
    assertNotEquals(null, own.data().getString("invoiceNumber"));
  }

  // --- payments -----------------------------------------------------------------------------------

  @Test
  void paymentConfigSaysPaymentsAreNotEnabled() {
    JsonObject expected = new JsonObject().put("paymentMode", "none").put("phevnixBillingAvailable", false)
        .put("provider", null).put("publishableKey", null).put("currency", "EUR").put("methods", new JsonArray())
        .put("preAuthorizationAmount", null).put("minimumAmount", null).put("maximumAmount", null);
    Result back = api.get("/emsp/v1/payments/config", serverA);
    assertEquals(200, back.status(), back.raw());
    assertEquals(expected, back.data());
    Result app = maya.call("GET", "/emsp/v1/payments/config", null);
    assertEquals(200, app.status(), app.raw());
    assertEquals(expected, app.data());
    assertEquals(404, api.get("/emsp/v1/payments/config?networkId=" + networkB, serverA).status());
  }

  @Test
  void everyOtherPaymentOperationAnswersPaymentsNotEnabledAfterAuthentication() {
    List<String[]> ops = List.of(new String[] {"GET", "/emsp/v1/payments/methods"},
        new String[] {"POST", "/emsp/v1/payments/setup-intent"}, new String[] {"POST", "/emsp/v1/payments/setup-checkout"},
        new String[] {"POST", "/emsp/v1/payments/methods/pm_1AbC/default"},
        new String[] {"DELETE", "/emsp/v1/payments/methods/pm_1AbC"}, new String[] {"POST", "/emsp/v1/payments/checkout"});
    for (String[] op : ops) {
      Result r = maya.call(op[0], op[1], op[0].equals("POST") ? new JsonObject() : null);
      assertEquals(409, r.status(), op[1] + " → " + r.raw());
      assertEquals("payments_not_enabled", r.error());
      assertEquals("payments_not_enabled", r.json().getString("code"));
      assertEquals("Payments are not enabled for this network.", r.json().getString("message"));
      assertEquals(401, api.call(op[0], op[1], null, op[0].equals("POST") ? new JsonObject() : null).status(),
          op[1] + " without a key");
      assertEquals(401, api.call(op[0], op[1], appA, op[0].equals("POST") ? new JsonObject() : null).status(),
          op[1] + " with an app key but no driver");
    }
    assertEquals(409, api.post("/emsp/v1/payments/checkout", serverA, new JsonObject()).status(),
        "a back end may report a checkout");
    String noPayments = mint(api.key(List.of(networkA), Scopes.CPMS), networkA, "ServerSide",
        new JsonArray().add("emsp:transactions:read"));
    assertEquals(403, api.post("/emsp/v1/payments/checkout", noPayments, new JsonObject()).status());
    assertNull(api.get("/emsp/v1/payments/config", noPayments).json().getValue("data"), "403 carries no data");
  }

  // --- helpers ------------------------------------------------------------------------------------

  /** A registered driver of network A, with the access token the registration gave. */
  private record Driver(UUID id, String email, String token) {
    Result call(String method, String path, Object body) {
      return api.call(method, path, appA, token, body);
    }
  }

  private static Driver driver(String firstName) {
    String email = firstName.toLowerCase() + "-" + UUID.randomUUID() + "@example.com";
    Result r = api.post("/emsp/v1/auth/driver/register", appA, new JsonObject().put("email", email)
        .put("password", "correct horse 1").put("firstName", firstName).put("lastName", "Rivera"));
    assertEquals(201, r.status(), r.raw());
    return new Driver(UUID.fromString(r.data().getJsonObject("driver").getString("id")), email,
        r.data().getString("accessToken"));
  }

  /** A priced CDR of a 10 kWh, 60 minute session of the driver (null: an anonymous token); its id. */
  private static UUID cdr(UUID network, UUID charger, UUID connector, UUID driver) {
    UUID session = fx.completed(network, charger, connector, START.plus(sessions++, ChronoUnit.HOURS), 60, "1000",
        "11000");
    await(api.pg.preparedQuery("UPDATE charging_sessions SET driver_id = $2 WHERE id = $1")
        .execute(Tuple.of(session, driver)));
    assertEquals(SessionBilling.Outcome.PRICED, await(new SessionBilling(api.pg).bill(session)));
    return await(api.pg.preparedQuery("SELECT id FROM transactions WHERE session_id = $1").execute(Tuple.of(session)))
        .iterator().next().getUUID("id");
  }

  /** A priced CDR at network A's charger. */
  private static UUID cdrA(UUID driver) {
    return cdr(networkA, chargerA, connectorA, driver);
  }

  private static UUID tariff(String operator, UUID charger, JsonObject body) {
    Result t = api.post("/cpms/v1/tariffs", operator, body);
    assertEquals(201, t.status(), t.raw());
    String id = t.data().getString("id");
    assertEquals(201, api.post("/cpms/v1/tariffs/" + id + "/assign", operator,
        new JsonObject().put("chargerUuid", charger.toString())).status());
    return UUID.fromString(id);
  }

  private static JsonObject ids(UUID... ids) {
    JsonArray list = new JsonArray();
    for (UUID id : ids) {
      list.add(id.toString());
    }
    return new JsonObject().put("transactionIds", list);
  }

  private static String mint(String operator, UUID network, String keyClass) {
    return mint(operator, network, keyClass, null);
  }

  private static String mint(String operator, UUID network, String keyClass, JsonArray scopes) {
    JsonObject body = new JsonObject().put("name", "money").put("apiFamily", "emsp").put("keyClass", keyClass)
        .put("networkIds", new JsonArray().add(network.toString()));
    if (scopes != null) {
      body.put("scopes", scopes);
    }
    Result r = api.post("/cpms/v1/api-keys", operator, body);
    assertEquals(201, r.status(), r.raw());
    return r.data().getString("key");
  }
}
