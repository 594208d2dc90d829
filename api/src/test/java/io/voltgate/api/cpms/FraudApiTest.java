package io.voltgate.api.cpms;

import static io.voltgate.api.support.ApiTestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Tuple;
import io.voltgate.api.auth.Scopes;
import io.voltgate.api.support.ApiTestServer;
import io.voltgate.api.support.ApiTestServer.Result;
import io.voltgate.api.support.MoneyFixtures;
import io.voltgate.services.fraud.FraudHolds;
import io.voltgate.services.fraud.FraudOptions;
import io.voltgate.store.query.FraudQueries;
import io.voltgate.store.redis.RedisKeys;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The operator's fraud-hold endpoints over real HTTP, Postgres and Redis. The threshold is 10 (set
 * here, not the default). Operator O runs networks N1 and N2; operator X runs network NX.
 *
 * <p>Driver Dana (of N1) has unpaid CDRs 6.25 + 6.25 on N1 (12.50: over the threshold on N1), 3.00 on
 * N2, and 11.00 on NX (over on NX too), besides a pending 50.00 and a waived 40.00 that are not
 * unpaid. Driver Ben (of N1) owes exactly 10.00 on N1: at the threshold, not over it. Each test
 * works on its own drivers, so the order of the tests does not matter.
 */
@Timeout(60)
class FraudApiTest {

  private static final BigDecimal THRESHOLD = new BigDecimal("10");

  private static ApiTestServer api;
  private static MoneyFixtures fx;
  private static FraudHolds rule;
  private static UUID n1;
  private static UUID n2;
  private static UUID nx;
  private static UUID charger1;
  private static UUID charger2;
  private static UUID chargerX;
  private static String operator;
  private static String other;
  private static String readOnly;
  private static final java.util.Map<UUID, UUID> CONNECTORS = new java.util.HashMap<>();

  @BeforeAll
  static void start() {
    api = ApiTestServer.start();
    fx = new MoneyFixtures(api.pg);
    rule = new FraudHolds(new FraudQueries(api.pg), api.redis, new FraudOptions(THRESHOLD, Duration.ofSeconds(1)));
    n1 = api.network("Fraud N1");
    n2 = api.network("Fraud N2");
    nx = api.network("Fraud NX");
    operator = api.key(List.of(n1, n2), Scopes.CPMS.stream().filter(s -> !s.equals(Scopes.CPMS_ADMIN)).toList());
    other = api.key(List.of(nx), Scopes.CPMS.stream().filter(s -> !s.equals(Scopes.CPMS_ADMIN)).toList());
    readOnly = api.key(List.of(n1, n2), List.of("cpms:fraud:read"));
    charger1 = fx.charger(n1, fx.location(n1, "N1 depot", "UTC"));
    charger2 = fx.charger(n2, fx.location(n2, "N2 depot", "UTC"));
    chargerX = fx.charger(nx, fx.location(nx, "NX depot", "UTC"));
    for (UUID c : List.of(charger1, charger2, chargerX)) {
      CONNECTORS.put(c, fx.connector(c, 1));
    }
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  /** A driver of the network with two tokens: one of the network, one of none (valid everywhere). */
  private record Driver(UUID id, String email, String networkToken, String roamingToken) {
  }

  private static Driver driver(UUID network, String name) {
    UUID id = UUID.randomUUID();
    String email = name + "-" + id.toString().substring(0, 6) + "@example.com";
    await(api.pg.preparedQuery("INSERT INTO drivers (id, network_id, email) VALUES ($1, $2, $3)")
        .execute(Tuple.of(id, network, email)));
    String own = "TAG-" + id.toString().substring(0, 8);
    String roaming = "ROAM-" + id.toString().substring(0, 8);
    await(api.pg.preparedQuery("INSERT INTO id_tokens (id, network_id, driver_id, token) VALUES ($1, $2, $3, $4),"
        + " ($5, NULL, $3, $6)").execute(Tuple.of(UUID.randomUUID(), network, id, own, UUID.randomUUID(), roaming)));
    return new Driver(id, email, own, roaming);
  }

  /** A completed session charged with the token and its CDR of this total and payment status. */
  private static void cdr(UUID network, UUID charger, String token, String total, String paymentStatus) {
    UUID session = fx.completed(network, charger, CONNECTORS.get(charger), null, 30, "0", "1000");
    await(api.pg.preparedQuery("UPDATE charging_sessions SET id_token = $2 WHERE id = $1").execute(Tuple.of(session, token)));
    await(api.pg.preparedQuery("INSERT INTO transactions (id, session_id, network_id, charger_id, currency, energy_kwh,"
            + " duration_seconds, total, payment_status, started_at, stopped_at) SELECT $1, s.id, s.network_id,"
            + " s.charger_id, 'EUR', 1, 1800, $3, $4, s.started_at, s.stopped_at FROM charging_sessions s WHERE s.id = $2")
        .execute(Tuple.of(UUID.randomUUID(), session, new BigDecimal(total), paymentStatus)));
  }

  /** Dana: see the class comment. */
  private static Driver dana() {
    Driver d = driver(n1, "dana");
    cdr(n1, charger1, d.networkToken(), "6.25", "failed");
    cdr(n1, charger1, d.networkToken(), "6.25", "failed");
    cdr(n1, charger1, d.networkToken(), "50.00", "pending");
    cdr(n1, charger1, d.networkToken(), "40.00", "waived");
    cdr(n2, charger2, d.roamingToken(), "3.00", "failed");
    cdr(nx, chargerX, d.roamingToken(), "11.00", "failed");
    return d;
  }

  private static JsonObject status(String key, Driver d) {
    Result r = api.get("/cpms/v1/fraud/drivers/" + d.id(), key);
    assertEquals(200, r.status(), r.raw());
    return r.data();
  }

  private static JsonObject clear(Driver d, JsonObject body) {
    Result r = api.post("/cpms/v1/fraud/drivers/" + d.id() + "/clear-hold", operator, body);
    assertEquals(200, r.status(), r.raw());
    assertEquals(Set.of("driver_id", "fraud_hold", "hold_cleared", "sessions_waived"), r.data().fieldNames());
    assertEquals(d.id().toString(), r.data().getString("driver_id"));
    return r.data();
  }

  private static Set<String> held(String key) {
    Result r = api.get("/cpms/v1/fraud/holds", key);
    assertEquals(200, r.status(), r.raw());
    return r.list().stream().map(o -> ((JsonObject) o).getString("driver_id")).collect(Collectors.toSet());
  }

  private static JsonObject holdOf(String key, Driver d) {
    JsonArray list = api.get("/cpms/v1/fraud/holds", key).list();
    return list.stream().map(o -> (JsonObject) o).filter(o -> o.getString("driver_id").equals(d.id().toString()))
        .findFirst().orElseThrow(() -> new AssertionError(d + " is not listed: " + list.encode()));
  }

  @Test
  void aDriverOverTheThresholdOnOneNetworkIsHeldAndListedWithTheBalanceOfTheCallersNetworks() {
    Driver dana = dana();
    JsonObject before = status(operator, dana);
    assertEquals(Set.of("driver_id", "email", "phone_verified", "phone_verified_at", "fraud_hold", "fraud_hold_reason",
        "fraud_hold_at", "outstanding_balance"), before.fieldNames(), "the seed's fields");
    assertFalse(before.getBoolean("fraud_hold"), "not held before the rule ran");
    // 6.25 + 6.25 on N1 and 3.00 on N2: the pending and the waived CDRs are not unpaid, NX is not O's
    assertEquals(15.5, before.getDouble("outstanding_balance"));
    assertFalse(before.getBoolean("phone_verified"));
    assertNull(before.getString("phone_verified_at"));

    await(rule.sweep());

    JsonObject after = status(operator, dana);
    assertTrue(after.getBoolean("fraud_hold"));
    assertEquals(FraudHolds.REASON, after.getString("fraud_hold_reason"));
    assertNotNull(after.getString("fraud_hold_at"));
    JsonObject listed = holdOf(operator, dana);
    assertEquals(Set.of("driver_id", "email", "phone_verified", "reason", "held_at", "outstanding_balance"),
        listed.fieldNames(), "the seed's fields");
    assertEquals(dana.email(), listed.getString("email"));
    assertEquals(15.5, listed.getDouble("outstanding_balance"));
    assertEquals(after.getString("fraud_hold_at"), listed.getString("held_at"));
    assertEquals(FraudHolds.REASON, listed.getString("reason"));
    assertEquals(after, status(readOnly, dana), "the read scope suffices");
  }

  @Test
  void aBalanceAtTheThresholdIsNotOverIt() {
    Driver ben = driver(n1, "ben");
    cdr(n1, charger1, ben.networkToken(), "4.00", "failed");
    cdr(n1, charger1, ben.networkToken(), "6.00", "failed");
    await(rule.sweep());
    JsonObject s = status(operator, ben);
    assertFalse(s.getBoolean("fraud_hold"));
    assertEquals(10.0, s.getDouble("outstanding_balance"));
    assertFalse(held(operator).contains(ben.id().toString()));
  }

  @Test
  void balancesOfSeveralNetworksAreNotAddedUpForTheRule() {
    // 6 on N1 and 6 on N2: 12 in all, but over 10 on no single network
    Driver cleo = driver(n1, "cleo");
    cdr(n1, charger1, cleo.networkToken(), "6.00", "failed");
    cdr(n2, charger2, cleo.roamingToken(), "6.00", "failed");
    await(rule.sweep());
    JsonObject s = status(operator, cleo);
    assertFalse(s.getBoolean("fraud_hold"));
    assertEquals(12.0, s.getDouble("outstanding_balance"));
  }

  @Test
  void anotherOperatorsDriverIsNotFoundAndNotListed() {
    Driver dana = dana();
    await(rule.sweep());
    assertEquals(404, api.get("/cpms/v1/fraud/drivers/" + dana.id(), other).status());
    Result clear = api.post("/cpms/v1/fraud/drivers/" + dana.id() + "/clear-hold", other,
        new JsonObject().put("waive", true));
    assertEquals(404, clear.status(), clear.raw());
    assertEquals("not_found", clear.error());
    assertFalse(held(other).contains(dana.id().toString()));
    assertEquals(404, api.get("/cpms/v1/fraud/drivers/" + UUID.randomUUID(), operator).status());
    // X's refused waiver changed nothing: the NX CDR is still unpaid, so Dana is still held
    assertTrue(status(operator, dana).getBoolean("fraud_hold"));
  }

  @Test
  void clearingWithoutWaivingKeepsAHoldTheBalanceStillCallsFor() {
    Driver dana = dana();
    await(rule.sweep());
    JsonObject cleared = clear(dana, null);
    assertTrue(cleared.getBoolean("fraud_hold"));
    assertFalse(cleared.getBoolean("hold_cleared"));
    assertEquals(0, cleared.getInteger("sessions_waived"));
    assertEquals(15.5, status(operator, dana).getDouble("outstanding_balance"));
  }

  @Test
  void waivingCountsOnlyTheCallersSessionsAndTheHoldStaysWhileAnotherOperatorsNetworkIsOverTheThreshold()
      throws Exception {
    Driver dana = dana();
    await(rule.sweep());
    String heldAt = status(operator, dana).getString("fraud_hold_at");
    JsonObject waived = clear(dana, new JsonObject().put("waive", true));
    assertEquals(3, waived.getInteger("sessions_waived"), "two unpaid CDRs on N1 and one on N2, not NX's");
    assertTrue(waived.getBoolean("fraud_hold"), "11.00 unpaid on NX, X's network");
    assertFalse(waived.getBoolean("hold_cleared"));
    JsonObject s = status(operator, dana);
    assertEquals(0.0, s.getDouble("outstanding_balance"));
    assertEquals(heldAt, s.getString("fraud_hold_at"), "the hold kept, with its time");
    assertEquals(1L, count("SELECT count(*) FROM transactions t JOIN charging_sessions s ON s.id = t.session_id"
        + " WHERE s.id_token IN ($1, $2) AND t.payment_status = 'failed'", dana));
    assertEquals(4L, count("SELECT count(*) FROM transactions t JOIN charging_sessions s ON s.id = t.session_id"
        + " WHERE s.id_token IN ($1, $2) AND t.payment_status = 'waived' AND (t.waived_at IS NOT NULL"
        + " OR t.total = 40)", dana), "the three waived now, and the one waived before");

    // X's CDR is settled (as a payment provider would record it): now the live check passes
    await(api.pg.preparedQuery("UPDATE transactions SET payment_status = 'paid' WHERE network_id = $1 AND session_id IN"
        + " (SELECT id FROM charging_sessions WHERE id_token = $2)").execute(Tuple.of(nx, dana.roamingToken())));
    JsonObject again = clear(dana, new JsonObject().put("waive", true));
    assertFalse(again.getBoolean("fraud_hold"));
    assertTrue(again.getBoolean("hold_cleared"));
    assertEquals(0, again.getInteger("sessions_waived"), "nothing left to waive");
    assertFalse(held(operator).contains(dana.id().toString()));
    JsonObject s2 = status(operator, dana);
    assertFalse(s2.getBoolean("fraud_hold"));
    assertNull(s2.getString("fraud_hold_at"));
    assertNull(s2.getString("fraud_hold_reason"));
  }

  @Test
  void theSweepLiftsAHoldOnceTheBalanceIsSettledElsewhere() {
    Driver dana = dana();
    await(rule.sweep());
    assertTrue(held(operator).contains(dana.id().toString()));
    await(api.pg.preparedQuery("UPDATE transactions SET payment_status = 'paid' WHERE payment_status = 'failed'"
        + " AND session_id IN (SELECT id FROM charging_sessions WHERE id_token IN ($1, $2))")
        .execute(Tuple.of(dana.networkToken(), dana.roamingToken())));
    await(rule.sweep());
    assertFalse(status(operator, dana).getBoolean("fraud_hold"));
  }

  @Test
  void aHoldDropsTheCachedAuthorizeAnswersOfTheDriversTokens() {
    Driver dana = dana();
    for (String uid : List.of(dana.networkToken(), dana.roamingToken())) {
      await(api.redis.send(Request.cmd(Command.SET).arg(RedisKeys.idToken(uid)).arg("{\"status\":\"Accepted\"}")));
    }
    await(rule.sweep());
    for (String uid : List.of(dana.networkToken(), dana.roamingToken())) {
      assertNull(await(api.redis.send(Request.cmd(Command.GET).arg(RedisKeys.idToken(uid)))), uid + " still cached");
    }
  }

  @Test
  void aHeldDriversTokenStartsNothing() {
    Driver dana = dana();
    await(rule.sweep());
    String emsp = api.emspKey(api.key(List.of(n1, n2), Scopes.CPMS), n1, new JsonObject());
    Result start = api.post("/emsp/v1/charging/start", emsp, new JsonObject().put("chargerId", charger1.toString())
        .put("connectorNumber", 1).put("idTag", dana.networkToken()));
    assertEquals(409, start.status(), start.raw());
    assertEquals("driver_on_hold", start.error());
    Result remote = api.post("/cpms/v1/chargers/" + charger1 + "/remote-start", operator,
        new JsonObject().put("idTag", dana.roamingToken()).put("connectorNumber", 1));
    assertEquals(409, remote.status(), remote.raw());
    assertEquals("driver_on_hold", remote.error());
    assertEquals("idTag", remote.json().getString("field"));
    // the EMP API's remote start, with the driver's token as the key identifier (tried as given)
    Result minted = api.post("/cpms/v1/api-keys", api.key(List.of(n1, n2), Scopes.CPMS), new JsonObject()
        .put("name", "EMP partner").put("apiFamily", "emp").put("networkIds", new JsonArray().add(n1.toString())));
    assertEquals(201, minted.status(), minted.raw());
    UUID connector = CONNECTORS.get(charger1);
    String connectorId = java.util.Base64.getEncoder().encodeToString(java.nio.ByteBuffer.allocate(16)
        .putLong(connector.getMostSignificantBits()).putLong(connector.getLeastSignificantBits()).array());
    Result emp = api.post("/emp/v1/sessions/start", minted.data().getString("key"), new JsonObject()
        .put("connectorId", connectorId).put("keyIdentifier", dana.networkToken()));
    assertEquals(409, emp.status(), emp.raw());
    assertEquals("driver_on_hold", emp.error());

    // not vacuous: another driver's token of the same network passes the check (and meets the absent charger)
    Driver eve = driver(n1, "eve");
    Result free = api.post("/emsp/v1/charging/start", emsp, new JsonObject().put("chargerId", charger1.toString())
        .put("connectorNumber", 1).put("idTag", eve.networkToken()));
    assertEquals(200, free.status(), free.raw());
  }

  @Test
  void clearingNeedsTheWriteScope() {
    Driver dana = dana();
    Result r = api.post("/cpms/v1/fraud/drivers/" + dana.id() + "/clear-hold", readOnly, new JsonObject());
    assertEquals(403, r.status(), r.raw());
    Result bad = api.post("/cpms/v1/fraud/drivers/" + dana.id() + "/clear-hold", operator,
        new JsonObject().put("waive", "yes"));
    assertEquals(400, bad.status(), bad.raw());
    assertEquals(400, api.get("/cpms/v1/fraud/drivers/not-a-uuid", operator).status());
  }

  private static long count(String sql, Driver d) {
    return await(api.pg.preparedQuery(sql).execute(Tuple.of(d.networkToken(), d.roamingToken())))
        .iterator().next().getLong(0);
  }
}
