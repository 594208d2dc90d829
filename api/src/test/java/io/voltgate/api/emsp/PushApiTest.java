package io.voltgate.api.emsp;

import static io.voltgate.api.support.ApiTestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Tuple;
import io.voltgate.api.auth.Scopes;
import io.voltgate.api.support.ApiTestServer;
import io.voltgate.api.support.ApiTestServer.Result;
import io.voltgate.api.support.MoneyFixtures;
import io.voltgate.services.drivers.DriverOptions;
import io.voltgate.services.push.PushOptions;
import io.voltgate.services.push.PushVerticle;
import io.voltgate.services.webhooks.PrivateTargets;
import io.voltgate.services.webhooks.WebhookUrls;
import io.voltgate.services.Refusal;
import io.voltgate.store.redis.RedisKeys;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Web push over real HTTP: drivers subscribe browsers to a push service that this test plays on
 * loopback (allowed only through the explicit push allowlist). The receiver checks what a real push
 * service checks — the VAPID {@code Authorization: vapid t=<JWT>, k=<key>} header (ES256 signature
 * with the announced key, {@code aud} its own origin, {@code exp} within 24 h) — and decrypts the
 * {@code aes128gcm} payload with the subscription's private key and auth secret, as the browser
 * would (RFC 8291).
 */
@Timeout(120)
class PushApiTest {

  private static ApiTestServer api;
  private static Vertx receiverVertx;
  private static HttpServer receiver;
  private static String pushOrigin;
  private static String appA;
  private static String appB;
  private static UUID networkA;
  /** Per receiver path: the status the push service answers (201 unless set). */
  private static final Map<String, Integer> answers = new ConcurrentHashMap<>();
  private static final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration SWEEP = Duration.ofMillis(200);

  /** One request the push service received. */
  private record Received(String path, Map<String, String> headers, byte[] body) {
  }

  @BeforeAll
  static void start() {
    PushOptions push = PushOptions.defaults().allowingPrivateTargets(PrivateTargets.parse("127.0.0.1"));
    api = ApiTestServer.start(DriverOptions.defaults().withPush(push));
    receiverVertx = Vertx.vertx();
    receiver = await(receiverVertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      Map<String, String> headers = new ConcurrentHashMap<>();
      req.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
      received.add(new Received(req.path(), headers, body.getBytes()));
      req.response().setStatusCode(answers.getOrDefault(req.path(), 201)).end();
    })).listen(0, "127.0.0.1"));
    pushOrigin = "http://127.0.0.1:" + receiver.actualPort();
    String unique = UUID.randomUUID().toString().substring(0, 8);
    networkA = api.network("Push A " + unique);
    UUID networkB = api.network("Push B " + unique);
    appA = mint(api.key(List.of(networkA), Scopes.CPMS), networkA);
    appB = mint(api.key(List.of(networkB), Scopes.CPMS), networkB);
    // The session-event consumer, as Voltgate deploys it on API nodes, sweeping every 200 ms (30 s
    // deployed) with the deployed 5-minute reminder lead.
    await(api.vertx.deployVerticle(new PushVerticle(ApiTestServer.backends(), api.secrets, push, "push-test",
        SWEEP, PushVerticle.REMINDER_LEAD)));
  }

  @AfterAll
  static void stop() {
    await(receiver.close());
    await(receiverVertx.close());
    api.close();
  }

  @BeforeEach
  void clear() {
    received.clear();
  }

  // --- push/test --------------------------------------------------------------------------------

  @Test
  void aTestPushReachesEveryDeviceOfTheDriverAndOnlyThem() throws Exception {
    Driver maya = driver(appA, "Maya");
    Driver leo = driver(appA, "Leo");
    Device phone = maya.subscribe("maya-phone");
    Device laptop = maya.subscribe("maya-laptop");
    Device leoPhone = leo.subscribe("leo-phone");

    Result test = maya.call("POST", "/emsp/v1/push/test", null);
    assertEquals(200, test.status(), test.raw());
    assertEquals(new JsonObject().put("sent", 2).put("subscriptions", 2), test.data());

    List<Received> got = drain(2);
    assertEquals(List.of(laptop.path(), phone.path()), got.stream().map(Received::path).sorted().toList());
    for (Received r : got) {
      Device device = r.path().equals(phone.path()) ? phone : laptop;
      assertVapid(r, maya.applicationServerKey);
      assertEquals("aes128gcm", r.headers().get("content-encoding"));
      assertNotNull(r.headers().get("ttl"));
      JsonObject notification = new JsonObject(new String(device.decrypt(r.body()), StandardCharsets.UTF_8));
      assertEquals("push.test", notification.getString("type"));
      assertEquals("Test notification", notification.getString("title"));
      assertEquals("Push notifications work on this device.", notification.getString("body"));
    }
    assertNull(received.poll(300, TimeUnit.MILLISECONDS), "nothing for Leo's device " + leoPhone.path());

    Result none = driver(appB, "Nadia").call("POST", "/emsp/v1/push/test", null);
    assertEquals(new JsonObject().put("sent", 0).put("subscriptions", 0), none.data(), none.raw());
  }

  @Test
  void aSubscriptionThePushServiceReportsGoneIsRemoved() throws Exception {
    Driver ana = driver(appA, "Ana");
    Device old = ana.subscribe("ana-old");
    Device current = ana.subscribe("ana-current");
    answers.put(old.path(), 410);

    Result first = ana.call("POST", "/emsp/v1/push/test", null);
    assertEquals(new JsonObject().put("sent", 1).put("subscriptions", 2), first.data(), first.raw());
    drain(2);
    assertEquals(List.of(current.endpoint()), endpointsOf(ana));

    Result second = ana.call("POST", "/emsp/v1/push/test", null);
    assertEquals(new JsonObject().put("sent", 1).put("subscriptions", 1), second.data(), second.raw());
    assertEquals(current.path(), drain(1).get(0).path());
  }

  // --- subscribe / unsubscribe ------------------------------------------------------------------

  @Test
  void subscribingAgainReplacesTheKeysAndTheAnswerCarriesTheVapidKey() throws Exception {
    Driver eva = driver(appA, "Eva");
    Device first = eva.subscribe("eva-tablet");
    assertEquals(87, eva.applicationServerKey.length(), "65-byte uncompressed point, base64url");
    Device renewed = eva.subscribeAt(first.endpoint());
    assertEquals(List.of(first.endpoint()), endpointsOf(eva));
    eva.call("POST", "/emsp/v1/push/test", null);
    // Only the current keys decrypt it.
    renewed.decrypt(drain(1).get(0).body());
  }

  @Test
  void aDriverUnsubscribesOnlyTheirOwnEndpoints() {
    Driver maya = driver(appA, "Maya");
    Driver leo = driver(appA, "Leo");
    Device phone = maya.subscribe("maya-only");
    JsonObject body = new JsonObject().put("endpoint", phone.endpoint());

    Result notHis = leo.call("POST", "/emsp/v1/push/unsubscribe", body);
    assertEquals(404, notHis.status(), notHis.raw());
    assertEquals("not_found", notHis.json().getString("code"), notHis.raw());
    assertEquals(List.of(phone.endpoint()), endpointsOf(maya));

    Result removed = maya.call("POST", "/emsp/v1/push/unsubscribe", body);
    assertEquals(200, removed.status(), removed.raw());
    assertEquals(new JsonObject().put("status", "unsubscribed"), removed.data());
    assertEquals(List.of(), endpointsOf(maya));
    assertEquals(404, maya.call("POST", "/emsp/v1/push/unsubscribe", body).status());
  }

  @Test
  void badSubscriptionsAre400NamingTheField() {
    Driver maya = driver(appA, "Maya");
    Device device = Device.create(pushOrigin + "/push/bad-" + UUID.randomUUID());
    assertInvalid(maya, device.body().put("endpoint", "not a url"), "endpoint");
    assertInvalid(maya, device.body().put("endpoint", "ftp://push.example.com/x"), "endpoint");
    // Private addresses stay refused: only 127.0.0.1 is on this test's allowlist.
    assertInvalid(maya, device.body().put("endpoint", "http://10.1.2.3/push/x"), "endpoint");
    assertInvalid(maya, device.body().put("endpoint", "http://169.254.169.254/latest"), "endpoint");
    JsonObject shortKey = device.body();
    shortKey.getJsonObject("keys").put("p256dh", b64(new byte[33]));
    assertInvalid(maya, shortKey, "keys.p256dh");
    JsonObject notBase64 = device.body();
    notBase64.getJsonObject("keys").put("p256dh", "***");
    assertInvalid(maya, notBase64, "keys.p256dh");
    JsonObject longAuth = device.body();
    longAuth.getJsonObject("keys").put("auth", b64(new byte[32]));
    assertInvalid(maya, longAuth, "keys.auth");
    Result noKeys = maya.call("POST", "/emsp/v1/push/subscribe", new JsonObject().put("endpoint", device.endpoint()));
    assertEquals(400, noKeys.status(), noKeys.raw());
    assertEquals(List.of(), endpointsOf(maya));
  }

  @Test
  void loopbackPushServicesAreRefusedWithoutTheOptIn() {
    assertEquals(PrivateTargets.NONE, PushOptions.defaults().allowedPrivateTargets());
    WebhookUrls production = new WebhookUrls(api.vertx, PushOptions.defaults().allowedPrivateTargets());
    Throwable refused = assertThrowsAwait(() -> production.check(pushOrigin + "/push/x", "endpoint"));
    assertTrue(refused instanceof Refusal r && "endpoint".equals(r.field()), String.valueOf(refused));
  }

  // --- session events ---------------------------------------------------------------------------

  @Test
  void sessionEventsArePushedAsThePreferencesAllow() throws Exception {
    Driver rosa = driver(appA, "Rosa");
    Device phone = rosa.subscribe("rosa-phone");
    UUID session = sessionOf(rosa);

    publish("session.started", session);
    JsonObject n = pushTo(rosa, phone);
    assertEquals("session.started", n.getString("type"));
    assertEquals("Charging started", n.getString("title"));
    assertEquals(session.toString(), n.getString("sessionId"));

    Result off = rosa.call("PUT", "/emsp/v1/notifications/preferences",
        new JsonObject().put("events", new JsonObject().put("sessionStopped", false)));
    assertEquals(200, off.status(), off.raw());
    publish("session.completed", session);
    assertNull(received.poll(1_500, TimeUnit.MILLISECONDS), "sessionStopped is off");

    rosa.call("PUT", "/emsp/v1/notifications/preferences", new JsonObject()
        .put("events", new JsonObject().put("sessionStopped", true)).put("channels", new JsonObject().put("push", false)));
    publish("session.completed", session);
    assertNull(received.poll(1_500, TimeUnit.MILLISECONDS), "the push channel is off");

    rosa.call("PUT", "/emsp/v1/notifications/preferences", new JsonObject().put("channels", new JsonObject().put("push", true)));
    publish("session.completed", session);
    JsonObject stopped = new JsonObject(new String(phone.decrypt(drain(1).get(0).body()), StandardCharsets.UTF_8));
    assertEquals("Charging stopped", stopped.getString("title"));
  }

  @Test
  void aFaultLikeStopIsPushedAsSessionFailedInsteadOfStopped() throws Exception {
    Driver ines = driver(appA, "Ines");
    Device phone = ines.subscribe("ines-phone");
    UUID session = sessionOf(ines);
    // A driver who only wants to hear about failures still hears about this one.
    Result off = ines.call("PUT", "/emsp/v1/notifications/preferences",
        new JsonObject().put("events", new JsonObject().put("sessionStopped", false)));
    assertEquals(200, off.status(), off.raw());

    publish("session.completed", session, "PowerLoss");
    JsonObject failed = pushTo(ines, phone);
    assertEquals("session.failed", failed.getString("type"));
    assertEquals("Charging interrupted", failed.getString("title"));
    assertEquals("PowerLoss", failed.getString("stopReason"));
    assertEquals(session.toString(), failed.getString("sessionId"));
    assertEquals(12.35, failed.getDouble("energyKwh"));
    assertNull(received.poll(1_000, TimeUnit.MILLISECONDS), "one push: sessionFailed instead of sessionStopped");

    publish("session.completed", session, "EVDisconnected");
    assertNull(received.poll(1_500, TimeUnit.MILLISECONDS), "an ordinary stop is sessionStopped, off for Ines");

    ines.call("PUT", "/emsp/v1/notifications/preferences", new JsonObject()
        .put("events", new JsonObject().put("sessionStopped", true).put("sessionFailed", false)));
    publish("session.completed", session, "EmergencyStop");
    assertNull(received.poll(1_500, TimeUnit.MILLISECONDS), "sessionFailed is off: no sessionStopped either");
  }

  @Test
  void aScheduledChargeThatCouldNotStartIsPushedOnceAsSessionFailed() throws Exception {
    Driver omar = driver(appA, "Omar");
    Device phone = omar.subscribe("omar-phone");
    MoneyFixtures rows = new MoneyFixtures(api.pg);
    UUID charger = rows.charger(networkA, rows.location(networkA, "Schedule place", "UTC"));
    OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(5);
    UUID schedule = UUID.randomUUID();
    // As ScheduleFiring records it when the charger was offline.
    await(api.pg.preparedQuery("INSERT INTO charging_schedules (id, network_id, driver_id, charger_id,"
            + " connector_number, id_tag, scheduled_time, status, status_reason, fired_at)"
            + " VALUES ($1, $2, $3, $4, 1, 'OMAR-TAG', $5, 'Failed', 'Charger offline', now())")
        .execute(Tuple.of(schedule, networkA, omar.id, charger, at)));

    JsonObject n = pushTo(omar, phone);
    assertEquals("charging.schedule_failed", n.getString("type"));
    assertEquals("Scheduled charge did not start", n.getString("title"));
    assertEquals(schedule.toString(), n.getString("scheduleId"));
    assertEquals("Charger offline", n.getString("statusReason"));
    assertEquals(1, n.getInteger("connectorNumber"));
    assertTrue(n.getString("body").endsWith("did not start: Charger offline."), n.encode());
    assertNull(received.poll(1_500, TimeUnit.MILLISECONDS), "pushed once, whatever the further sweeps");
  }

  @Test
  void aReservationAboutToExpireIsRemindedExactlyOnce() throws Exception {
    Driver lucia = driver(appA, "Lucia");
    Device phone = lucia.subscribe("lucia-phone");
    Driver tomas = driver(appA, "Tomas");
    tomas.subscribe("tomas-phone");
    Driver quiet = driver(appA, "Quiet");
    quiet.subscribe("quiet-phone");
    Result off = quiet.call("PUT", "/emsp/v1/notifications/preferences",
        new JsonObject().put("events", new JsonObject().put("reservationReminder", false)));
    assertEquals(200, off.status(), off.raw());

    // Not yet: ten minutes left, beyond the five-minute lead. Nor a hold the charger has not accepted.
    UUID later = reservation(lucia, "Accepted", 600);
    reservation(tomas, "Requested", 120);
    reservation(quiet, "Accepted", 120);
    assertNull(received.poll(1_000, TimeUnit.MILLISECONDS), "nothing due yet");

    // Within the lead: Lucia's hold now ends in four minutes.
    await(api.pg.preparedQuery("UPDATE reservations SET expires_at = now() + interval '4 minutes' WHERE id = $1")
        .execute(Tuple.of(later)));
    JsonObject n = pushTo(lucia, phone);
    assertEquals("reservation.reminder", n.getString("type"));
    assertEquals("Reservation ending soon", n.getString("title"));
    assertEquals(later.toString(), n.getString("reservationId"));
    assertEquals(1, n.getInteger("connectorNumber"));
    assertNotNull(n.getString("expiresAt"));
    assertTrue(n.getString("body").contains("(in 3 min)") || n.getString("body").contains("(in 4 min)"), n.encode());

    // Several more sweeps: no second reminder, and none for the others.
    assertNull(received.poll(1_500, TimeUnit.MILLISECONDS), "reminded once");
    assertNotNull(await(api.pg.preparedQuery("SELECT reminded_at FROM reservations WHERE id = $1")
        .execute(Tuple.of(later))).iterator().next().getOffsetDateTime("reminded_at"));
  }

  // --- the push service's checks ----------------------------------------------------------------

  /** RFC 8292: {@code vapid t=<JWT>, k=<key>}, ES256 with k, aud = our origin, exp within 24 h. */
  private static void assertVapid(Received r, String announcedKey) throws Exception {
    String authorization = r.headers().get("authorization");
    assertNotNull(authorization, "VAPID Authorization header");
    assertTrue(authorization.startsWith("vapid "), authorization);
    String t = null;
    String k = null;
    for (String part : authorization.substring("vapid ".length()).split(",")) {
      String p = part.trim();
      if (p.startsWith("t=")) {
        t = p.substring(2);
      } else if (p.startsWith("k=")) {
        k = p.substring(2);
      }
    }
    assertEquals(announcedKey, k, "k is the key the subscribe answer announced");
    String[] jwt = t.split("\\.");
    assertEquals(3, jwt.length, t);
    JsonObject header = new JsonObject(new String(Base64.getUrlDecoder().decode(jwt[0]), StandardCharsets.UTF_8));
    assertEquals("ES256", header.getString("alg"));
    Signature es256 = Signature.getInstance("SHA256withECDSAinP1363Format");
    es256.initVerify(publicKey(Base64.getUrlDecoder().decode(k)));
    es256.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
    assertTrue(es256.verify(Base64.getUrlDecoder().decode(jwt[2])), "JWT signature by k");
    JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(jwt[1]), StandardCharsets.UTF_8));
    assertEquals(pushOrigin, claims.getString("aud"));
    long exp = claims.getLong("exp");
    long now = Instant.now().getEpochSecond();
    assertTrue(exp > now && exp <= now + 24 * 3600, "exp within 24 h: " + claims.encode());
    assertEquals("mailto:no-reply@localhost", claims.getString("sub"));
  }

  /** A browser's push subscription: its P-256 key pair and auth secret, at a path of our push service. */
  private record Device(String endpoint, KeyPair keys, byte[] auth) {

    static Device create(String endpoint) {
      try {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        byte[] auth = new byte[16];
        RANDOM.nextBytes(auth);
        return new Device(endpoint, g.generateKeyPair(), auth);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    String path() {
      return endpoint.substring(pushOrigin.length());
    }

    /** {@code PushSubscription.toJSON()}. */
    JsonObject body() {
      return new JsonObject().put("endpoint", endpoint).put("expirationTime", (Object) null)
          .put("keys", new JsonObject().put("p256dh", b64(uncompressed((ECPublicKey) keys.getPublic())))
              .put("auth", b64(auth)));
    }

    /** RFC 8291 section 3.4 and RFC 8188, as the browser decrypts: one record, padding delimiter 2. */
    byte[] decrypt(byte[] message) throws Exception {
      ByteBuffer in = ByteBuffer.wrap(message);
      byte[] salt = new byte[16];
      in.get(salt);
      int recordSize = in.getInt();
      byte[] serverKey = new byte[in.get() & 0xff];
      in.get(serverKey);
      byte[] ciphertext = new byte[in.remaining()];
      in.get(ciphertext);
      assertTrue(ciphertext.length <= recordSize, "a single record");
      KeyAgreement ecdh = KeyAgreement.getInstance("ECDH");
      ecdh.init(keys.getPrivate());
      ecdh.doPhase(publicKey(serverKey), true);
      byte[] sharedSecret = ecdh.generateSecret();
      byte[] keyInfo = concat("WebPush: info\0".getBytes(StandardCharsets.US_ASCII),
          uncompressed((ECPublicKey) keys.getPublic()), serverKey);
      byte[] ikm = hkdf(auth, sharedSecret, keyInfo, 32);
      byte[] cek = hkdf(salt, ikm, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16);
      byte[] nonce = hkdf(salt, ikm, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12);
      Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
      aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
      byte[] padded = aes.doFinal(ciphertext);
      int end = padded.length - 1;
      while (end >= 0 && padded[end] == 0) {
        end--;
      }
      assertEquals(2, padded[end], "last-record padding delimiter");
      return Arrays.copyOf(padded, end);
    }
  }

  private static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(salt, "HmacSHA256"));
    byte[] prk = mac.doFinal(ikm);
    mac.init(new SecretKeySpec(prk, "HmacSHA256"));
    return Arrays.copyOf(mac.doFinal(concat(info, new byte[] {1})), length);
  }

  private static byte[] concat(byte[]... parts) {
    ByteBuffer out = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(p -> p.length).sum());
    Arrays.stream(parts).forEach(out::put);
    return out.array();
  }

  private static byte[] uncompressed(ECPublicKey key) {
    return concat(new byte[] {4}, fixed(key.getW().getAffineX()), fixed(key.getW().getAffineY()));
  }

  private static byte[] fixed(BigInteger n) {
    byte[] raw = n.toByteArray();
    byte[] out = new byte[32];
    int len = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - len, out, 32 - len, len);
    return out;
  }

  private static ECPublicKey publicKey(byte[] point) throws Exception {
    assertEquals(65, point.length);
    assertEquals(4, point[0]);
    AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
    p.init(new ECGenParameterSpec("secp256r1"));
    ECParameterSpec curve = p.getParameterSpec(ECParameterSpec.class);
    ECPoint w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(point, 1, 33)),
        new BigInteger(1, Arrays.copyOfRange(point, 33, 65)));
    return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, curve));
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  // --- fixtures ---------------------------------------------------------------------------------

  private static final class Driver {
    final String appKey;
    final UUID id;
    final String token;
    String applicationServerKey;

    Driver(String appKey, UUID id, String token) {
      this.appKey = appKey;
      this.id = id;
      this.token = token;
    }

    Result call(String method, String path, Object body) {
      return api.call(method, path, appKey, token, body);
    }

    /** A new device at a new endpoint. */
    Device subscribe(String name) {
      return subscribeAt(pushOrigin + "/push/" + name + "-" + UUID.randomUUID());
    }

    /** New keys at an endpoint (a browser subscribing again). */
    Device subscribeAt(String endpoint) {
      Device device = Device.create(endpoint);
      Result r = call("POST", "/emsp/v1/push/subscribe", device.body());
      assertEquals(200, r.status(), r.raw());
      assertEquals("subscribed", r.data().getString("status"));
      applicationServerKey = r.data().getString("applicationServerKey");
      assertNotNull(applicationServerKey, r.raw());
      return device;
    }
  }

  private static Driver driver(String appKey, String firstName) {
    String email = firstName.toLowerCase() + "-" + UUID.randomUUID() + "@example.com";
    Result r = api.post("/emsp/v1/auth/driver/register", appKey, new JsonObject().put("email", email)
        .put("password", "correct horse 1").put("firstName", firstName).put("lastName", "Rivera"));
    assertEquals(201, r.status(), r.raw());
    return new Driver(appKey, UUID.fromString(r.data().getJsonObject("driver").getString("id")),
        r.data().getString("accessToken"));
  }

  private static String mint(String operator, UUID network) {
    Result r = api.post("/cpms/v1/api-keys", operator, new JsonObject().put("name", "push").put("apiFamily", "emsp")
        .put("keyClass", "Publishable").put("networkIds", new JsonArray().add(network.toString())));
    assertEquals(201, r.status(), r.raw());
    return r.data().getString("key");
  }

  private static void assertInvalid(Driver d, JsonObject body, String field) {
    Result r = d.call("POST", "/emsp/v1/push/subscribe", body);
    assertEquals(400, r.status(), body.encode() + " → " + r.raw());
    assertEquals("validation_error", r.json().getString("code"), r.raw());
    assertEquals(field, r.json().getString("field"), r.raw());
  }

  private static List<String> endpointsOf(Driver d) {
    List<String> out = new ArrayList<>();
    await(api.pg.preparedQuery("SELECT endpoint FROM driver_push_subscriptions WHERE driver_id = $1 ORDER BY endpoint")
        .execute(Tuple.of(d.id))).forEach(row -> out.add(row.getString("endpoint")));
    return out;
  }

  /** A session started with a token the driver owns. */
  private static UUID sessionOf(Driver d) {
    MoneyFixtures rows = new MoneyFixtures(api.pg);
    UUID charger = rows.charger(networkA, rows.location(networkA, "Push place", "UTC"));
    UUID connector = rows.connector(charger, 1);
    String tag = "PUSH-" + UUID.randomUUID().toString().substring(0, 8);
    await(api.pg.preparedQuery("INSERT INTO id_tokens (id, network_id, driver_id, token) VALUES ($1, $2, $3, $4)")
        .execute(Tuple.of(UUID.randomUUID(), networkA, d.id, tag)));
    UUID session = rows.active(networkA, charger, connector);
    await(api.pg.preparedQuery("UPDATE charging_sessions SET id_token = $2 WHERE id = $1").execute(Tuple.of(session, tag)));
    return session;
  }

  private static void publish(String type, UUID session) {
    publish(type, session, "Local");
  }

  /** An accepted or requested hold of the driver on a new charger's connector 1, ending in {@code seconds}. */
  private static UUID reservation(Driver d, String status, int seconds) {
    MoneyFixtures rows = new MoneyFixtures(api.pg);
    UUID charger = rows.charger(networkA, rows.location(networkA, "Reserve place", "UTC"));
    rows.connector(charger, 1);
    UUID id = UUID.randomUUID();
    await(api.pg.preparedQuery("INSERT INTO reservations (id, network_id, charger_id, evse_id, connector_id, id_token,"
            + " driver_id, expires_at, status) VALUES ($1, $2, $3, 1, 1, 'RES-TAG', $4,"
            + " now() + $5 * interval '1 second', $6)")
        .execute(Tuple.of(id, networkA, charger, d.id, seconds, status)));
    return id;
  }

  private static void publish(String type, UUID session, String reason) {
    await(api.redis.send(Request.cmd(Command.XADD).arg(RedisKeys.EVENTS).arg("*")
        .arg("id").arg(UUID.randomUUID().toString()).arg("type").arg(type).arg("network").arg(networkA.toString())
        .arg("cp").arg("CP-PUSH").arg("ts").arg(Instant.now().toString())
        .arg("data").arg(new JsonObject().put("sessionId", session.toString()).put("energyWh", 12_345.0)
            .put("reason", reason).encode())));
  }

  /** The next push: to the device, signed with the driver's announced key, decrypted. */
  private static JsonObject pushTo(Driver d, Device device) throws Exception {
    Received r = drain(1).get(0);
    assertEquals(device.path(), r.path());
    assertVapid(r, d.applicationServerKey);
    return new JsonObject(new String(device.decrypt(r.body()), StandardCharsets.UTF_8));
  }

  private static List<Received> drain(int n) throws InterruptedException {
    List<Received> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Received r = received.poll(10, TimeUnit.SECONDS);
      assertNotNull(r, "push " + (i + 1) + " of " + n + " received");
      out.add(r);
    }
    return out;
  }

  private static Throwable assertThrowsAwait(java.util.function.Supplier<io.vertx.core.Future<?>> call) {
    try {
      await(call.get());
    } catch (Throwable e) {
      Throwable cause = e;
      while (cause.getCause() != null && !(cause instanceof Refusal)) {
        cause = cause.getCause();
      }
      return cause;
    }
    throw new AssertionError("expected a refusal");
  }
}
