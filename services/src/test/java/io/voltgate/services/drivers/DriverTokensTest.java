package io.voltgate.services.drivers;

import static io.voltgate.services.drivers.DriverBackends.await;
import static io.voltgate.services.drivers.DriverBackends.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.sqlclient.Tuple;
import io.voltgate.services.drivers.DriverAuthFailure.Reason;
import io.voltgate.store.drivers.RefreshTokenRepository;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Access JWTs and refresh tokens against real Postgres: every bad token is crafted by hand, and
 * each must be refused with {@link Reason#INVALID_ACCESS_TOKEN}.
 */
@Timeout(120)
class DriverTokensTest {

  private static final TokenOptions OPTIONS = TokenOptions.defaults();

  @TempDir
  static Path dataDir;

  private static DriverBackends db;
  private static UUID network;
  private static UUID otherNetwork;
  private static UUID driver;

  @BeforeAll
  static void start() {
    db = DriverBackends.start(dataDir);
    network = db.network("Tokens");
    otherNetwork = db.network("Other");
    driver = UUID.randomUUID();
    await(db.pg.preparedQuery("INSERT INTO drivers (id, network_id, email) VALUES ($1, $2, 'jwt@example.com')")
        .execute(Tuple.of(driver, network)));
  }

  @AfterAll
  static void stop() {
    if (db != null) {
      db.close();
    }
  }

  private static DriverTokens tokens(SigningKeys keys) {
    return db.tokens(keys, OPTIONS, Clock.systemUTC());
  }

  private static void assertRefused(DriverTokens tokens, UUID net, String token) {
    Throwable e = failure(tokens.verify(net, token));
    DriverAuthFailure f = assertInstanceOf(DriverAuthFailure.class, e);
    assertEquals(Reason.INVALID_ACCESS_TOKEN, f.reason());
    assertEquals(401, f.status());
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static JsonObject part(String token, int i) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[i]), StandardCharsets.UTF_8));
  }

  private static JsonObject validClaims() {
    long now = Instant.now().getEpochSecond();
    return new JsonObject().put("iss", "voltgate").put("sub", driver.toString()).put("aud", network.toString())
        .put("iat", now).put("exp", now + 3600);
  }

  @Test
  void anIssuedAccessTokenVerifiesWithItsClaims() {
    SigningKeys keys = db.signingKeys(OPTIONS, Clock.systemUTC());
    DriverTokens tokens = tokens(keys);
    IssuedTokens t = await(tokens.issue(network, driver));

    DriverClaims claims = await(tokens.verify(network, t.accessToken()));
    assertEquals(driver, claims.driverId());
    assertEquals(network, claims.networkId());
    assertEquals(3600, t.expiresIn());
    JsonObject header = part(t.accessToken(), 0);
    JsonObject payload = part(t.accessToken(), 1);
    assertEquals("ES256", header.getString("alg"));
    assertEquals(keys.ring().signingKey().kid(), header.getString("kid"));
    assertEquals(network.toString(), payload.getString("aud"));
    assertEquals(driver.toString(), payload.getString("sub"));
    assertEquals("voltgate", payload.getString("iss"));
    assertEquals(payload.getLong("iat") + 3600, payload.getLong("exp"));
    assertEquals(43, t.refreshToken().length(), "256 bits, base64url");
  }

  @Test
  void anExpiredTokenIsRefused() {
    SigningKeys keys = db.signingKeys(OPTIONS, Clock.systemUTC());
    Clock twoHoursAgo = Clock.offset(Clock.systemUTC(), Duration.ofHours(-2));
    IssuedTokens old = await(db.tokens(keys, OPTIONS, twoHoursAgo).issue(network, driver));

    assertRefused(tokens(keys), network, old.accessToken());
    // The same token is fine for a clock that is still within its hour.
    Clock withinTheHour = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-90));
    assertEquals(driver, await(db.tokens(keys, OPTIONS, withinTheHour).verify(network, old.accessToken())).driverId());
  }

  @Test
  void aTamperedPayloadIsRefused() {
    DriverTokens tokens = tokens(db.signingKeys(OPTIONS, Clock.systemUTC()));
    String[] parts = await(tokens.issue(network, driver)).accessToken().split("\\.");
    String otherDriver = b64(part(String.join(".", parts), 1).put("sub", UUID.randomUUID().toString()).encode());

    assertRefused(tokens, network, parts[0] + "." + otherDriver + "." + parts[2]);
  }

  @Test
  void algNoneIsRefusedWithOrWithoutASignature() {
    SigningKeys keys = db.signingKeys(OPTIONS, Clock.systemUTC());
    DriverTokens tokens = tokens(keys);
    String kid = keys.ring().signingKey().kid();
    String header = b64(new JsonObject().put("alg", "none").put("typ", "JWT").put("kid", kid).encode());
    String payload = b64(validClaims().encode());

    assertRefused(tokens, network, header + "." + payload + ".");
    assertRefused(tokens, network, header + "." + payload);
    assertRefused(tokens, network, header + "." + payload + ".c2lnbmF0dXJl");
    String noneNoKid = b64(new JsonObject().put("alg", "none").encode());
    assertRefused(tokens, network, noneNoKid + "." + payload + ".");
  }

  @Test
  void hs256SignedWithThePublicKeyIsRefused() throws Exception {
    SigningKeys keys = db.signingKeys(OPTIONS, Clock.systemUTC());
    DriverTokens tokens = tokens(keys);
    String kid = keys.ring().signingKey().kid();
    String publicPem = keys.ring().signingKey().publicKeyPem();
    String signingInput = b64(new JsonObject().put("alg", "HS256").put("typ", "JWT").put("kid", kid).encode())
        + "." + b64(validClaims().encode());
    for (byte[] secret : new byte[][] {publicPem.getBytes(StandardCharsets.US_ASCII), publicPem.trim().getBytes(StandardCharsets.US_ASCII)}) {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      String sig = Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
      assertRefused(tokens, network, signingInput + "." + sig);
    }
  }

  @Test
  void aTokenSignedWithAnotherKeyUnderOurKidIsRefused() throws Exception {
    SigningKeys keys = db.signingKeys(OPTIONS, Clock.systemUTC());
    DriverTokens tokens = tokens(keys);
    String kid = keys.ring().signingKey().kid();
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    byte[] foreignPrivate = g.generateKeyPair().getPrivate().getEncoded();
    String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(foreignPrivate)
        + "\n-----END PRIVATE KEY-----\n";
    JWTAuth foreign = JWTAuth.create(db.vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("ES256").setId(kid).setBuffer(pem)));
    String forged = foreign.generateToken(validClaims(), new JWTOptions().setAlgorithm("ES256").setNoTimestamp(true));
    assertEquals(kid, part(forged, 0).getString("kid"));

    assertRefused(tokens, network, forged);
    JWTAuth unknownKid = JWTAuth.create(db.vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("ES256").setId("not-ours").setBuffer(pem)));
    assertRefused(tokens, network, unknownKid.generateToken(validClaims(), new JWTOptions().setAlgorithm("ES256").setNoTimestamp(true)));
  }

  @Test
  void aTokenOfAnotherNetworkIsRefused() {
    DriverTokens tokens = tokens(db.signingKeys(OPTIONS, Clock.systemUTC()));
    IssuedTokens t = await(tokens.issue(network, driver));

    assertRefused(tokens, otherNetwork, t.accessToken());
  }

  @Test
  void garbageIsRefused() {
    DriverTokens tokens = tokens(db.signingKeys(OPTIONS, Clock.systemUTC()));
    for (String junk : new String[] {"", "abc", "a.b.c", "e30.e30.e30", "x".repeat(10_000)}) {
      assertRefused(tokens, network, junk);
    }
  }

  @Test
  void aRotatedKeyStillVerifiesItsTokensUntilTheyExpire() {
    MutableClock clock = new MutableClock(Instant.now());
    SigningKeys keys = db.signingKeys(OPTIONS, clock);
    DriverTokens tokens = db.tokens(keys, OPTIONS, clock);
    IssuedTokens before = await(tokens.issue(network, driver));
    String oldKid = part(before.accessToken(), 0).getString("kid");

    await(keys.rotateNow());
    IssuedTokens after = await(tokens.issue(network, driver));
    String newKid = part(after.accessToken(), 0).getString("kid");
    assertNotEquals(oldKid, newKid, "new tokens are signed with the new key");
    clock.advance(Duration.ofMinutes(59));
    await(keys.refresh());
    assertEquals(driver, await(tokens.verify(network, before.accessToken())).driverId());
    assertEquals(driver, await(tokens.verify(network, after.accessToken())).driverId());

    // Once no token the old key signed can be valid, it is dropped (and deleted).
    clock.advance(Duration.ofHours(2));
    await(keys.refresh());
    assertTrue(keys.ring().key(oldKid).isEmpty());
    assertTrue(keys.ring().key(newKid).isPresent());
    assertEquals(0, db.count("SELECT count(*) FROM driver_signing_keys WHERE kid = $1", oldKid));
  }

  @Test
  void aKeyMadeByAnotherNodeVerifiesHereWithoutWaitingForTheReload() {
    SigningKeys nodeA = db.signingKeys(OPTIONS, Clock.systemUTC());
    MutableClock clockB = new MutableClock(Instant.now());
    SigningKeys nodeB = db.signingKeys(OPTIONS, clockB);
    await(nodeA.rotateNow());
    IssuedTokens fromA = await(tokens(nodeA).issue(network, driver));
    clockB.advance(Duration.ofSeconds(10));

    assertEquals(driver, await(db.tokens(nodeB, OPTIONS, clockB).verify(network, fromA.accessToken())).driverId());
    assertEquals(nodeA.ring().signingKey().kid(), nodeB.ring().signingKey().kid());
  }

  @Test
  void rs256KeysWorkAndAnEs256HeaderUnderAnRsaKidIsRefused() {
    TokenOptions rsa = new TokenOptions(Duration.ofHours(1), Duration.ofDays(30), "RS256", "voltgate", Duration.ofDays(30));
    SigningKeys keys = db.signingKeys(rsa, Clock.systemUTC());
    DriverTokens tokens = db.tokens(keys, rsa, Clock.systemUTC());
    IssuedTokens t = await(tokens.issue(network, driver));
    assertEquals("RS256", part(t.accessToken(), 0).getString("alg"));
    assertEquals(driver, await(tokens.verify(network, t.accessToken())).driverId());

    String[] parts = t.accessToken().split("\\.");
    String confused = b64(part(t.accessToken(), 0).put("alg", "ES256").encode());
    assertRefused(tokens, network, confused + "." + parts[1] + "." + parts[2]);
    // Back to ES256 for the other tests of the class.
    db.signingKeys(OPTIONS, Clock.systemUTC());
  }

  @Test
  void aRefreshTokenIsReplacedOnEveryUse() {
    DriverTokens tokens = tokens(db.signingKeys(OPTIONS, Clock.systemUTC()));
    IssuedTokens first = await(tokens.issue(network, driver));

    IssuedTokens second = await(tokens.refresh(network, first.refreshToken()));
    IssuedTokens third = await(tokens.refresh(network, second.refreshToken()));
    assertNotEquals(first.refreshToken(), second.refreshToken());
    assertEquals(driver, await(tokens.verify(network, third.accessToken())).driverId());
    assertEquals(0, db.count("SELECT count(*) FROM driver_refresh_tokens WHERE token_hash = $1",
        io.vertx.core.buffer.Buffer.buffer(first.refreshToken().getBytes(StandardCharsets.US_ASCII))), "stored hashed only");
  }

  @Test
  void aReusedRefreshTokenRevokesItsWholeFamily() {
    DriverTokens tokens = tokens(db.signingKeys(OPTIONS, Clock.systemUTC()));
    IssuedTokens login = await(tokens.issue(network, driver));
    IssuedTokens otherLogin = await(tokens.issue(network, driver));
    IssuedTokens rotated = await(tokens.refresh(network, login.refreshToken()));

    // The first token again (say, a copy the thief kept): refused, and the family is ended.
    DriverAuthFailure reuse = assertInstanceOf(DriverAuthFailure.class, failure(tokens.refresh(network, login.refreshToken())));
    assertEquals(Reason.REFRESH_TOKEN_REUSED, reuse.reason());
    DriverAuthFailure successor = assertInstanceOf(DriverAuthFailure.class, failure(tokens.refresh(network, rotated.refreshToken())));
    assertEquals(Reason.INVALID_REFRESH_TOKEN, successor.reason());
    UUID family = familyOf(rotated.refreshToken());
    assertFalse(await(new RefreshTokenRepository(db.pg).familyLive(network, family, Instant.now())));
    // Another login of the same driver is another family: untouched.
    assertEquals(driver, await(tokens.refresh(network, otherLogin.refreshToken())).driverId());
  }

  @Test
  void aRefreshTokenIsRefusedInAnotherNetworkAndAfterItExpires() {
    SigningKeys keys = db.signingKeys(OPTIONS, Clock.systemUTC());
    DriverTokens tokens = tokens(keys);
    IssuedTokens t = await(tokens.issue(network, driver));
    assertEquals(Reason.INVALID_REFRESH_TOKEN,
        assertInstanceOf(DriverAuthFailure.class, failure(tokens.refresh(otherNetwork, t.refreshToken()))).reason());
    assertEquals(Reason.INVALID_REFRESH_TOKEN,
        assertInstanceOf(DriverAuthFailure.class, failure(tokens.refresh(network, "no-such-token"))).reason());

    DriverTokens in31Days = db.tokens(keys, OPTIONS, Clock.offset(Clock.systemUTC(), Duration.ofDays(31)));
    assertEquals(Reason.INVALID_REFRESH_TOKEN,
        assertInstanceOf(DriverAuthFailure.class, failure(in31Days.refresh(network, t.refreshToken()))).reason());
    // Refused for being expired, not spent: still good today.
    assertEquals(driver, await(tokens.refresh(network, t.refreshToken())).driverId());
  }

  private static UUID familyOf(String refreshToken) {
    return await(db.pg.preparedQuery("SELECT family_id FROM driver_refresh_tokens WHERE token_hash = $1")
        .execute(Tuple.of(io.vertx.core.buffer.Buffer.buffer(OpaqueTokens.hash(refreshToken)))))
        .iterator().next().getUUID(0);
  }
}
