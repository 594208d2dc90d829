package io.voltgate.gateway.connection;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.voltgate.gateway.core.GatewayCore;
import io.voltgate.store.model.ChargerRecord;
import io.voltgate.store.security.ChargerPasswords;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * OCPP security profiles at the handshake, per charger: 0 none; 1 HTTP Basic (username =
 * chargePointId) on ws or wss; 2 TLS and Basic; 3 TLS with a client certificate whose CN is the
 * chargePointId (the chain is verified by the TLS layer against the configured CA). A charger below
 * its profile is refused with 403, wrong or missing credentials with 401; both are recorded as
 * security events. bcrypt checks run on a worker thread; a verified password is remembered (as a
 * digest, per event loop) so reconnect storms do not repeat them.
 */
public final class ChargerAuthenticator {

  /** Why a handshake is refused. */
  public record Refusal(int status, String reason, String securityEvent) {
  }

  private static final int MAX_CACHED = 200_000;

  private final Vertx vertx;
  private final GatewayCore core;
  private final Map<String, String> verified = new LinkedHashMap<>(1024, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > MAX_CACHED;
    }
  };

  public ChargerAuthenticator(Vertx vertx, GatewayCore core) {
    this.vertx = Objects.requireNonNull(vertx);
    this.core = Objects.requireNonNull(core);
  }

  /** Completes with null when the charger may connect, else with the refusal. */
  public Future<Refusal> check(ServerWebSocketHandshake hs, String chargePointId, ChargerRecord charger) {
    int profile = charger == null ? 0 : charger.securityProfile();
    if (profile <= 0) {
      return Future.succeededFuture();
    }
    if (profile >= 2 && !hs.isSsl()) {
      return refuse(charger, new Refusal(403, "profile " + profile + " requires TLS", "SecurityProfileViolation"));
    }
    if (profile == 3) {
      return Future.succeededFuture(clientCertificate(hs, chargePointId)).compose(r -> r == null ? Future.succeededFuture() : refuse(charger, r));
    }
    return basic(hs, chargePointId, charger).compose(r -> r == null ? Future.succeededFuture() : refuse(charger, r));
  }

  private Refusal clientCertificate(ServerWebSocketHandshake hs, String chargePointId) {
    List<Certificate> chain;
    try {
      chain = hs.peerCertificates();
    } catch (SSLPeerUnverifiedException e) {
      chain = null;
    }
    if (chain == null || chain.isEmpty() || !(chain.get(0) instanceof X509Certificate cert)) {
      return new Refusal(403, "profile 3 requires a client certificate", "SecurityProfileViolation");
    }
    String cn = commonName(cert);
    if (!chargePointId.equals(cn)) {
      return new Refusal(403, "client certificate CN '" + cn + "' is not the chargePointId", "InvalidChargingStationCertificate");
    }
    return null;
  }

  private Future<Refusal> basic(ServerWebSocketHandshake hs, String chargePointId, ChargerRecord charger) {
    String header = hs.headers().get("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return Future.succeededFuture(new Refusal(401, "Basic authentication required", "FailedToAuthenticate"));
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Future.succeededFuture(new Refusal(401, "malformed Basic credentials", "FailedToAuthenticate"));
    }
    int colon = decoded.indexOf(':');
    String user = colon < 0 ? decoded : decoded.substring(0, colon);
    String password = colon < 0 ? "" : decoded.substring(colon + 1);
    if (!chargePointId.equals(user) || charger.passwordHash() == null) {
      return Future.succeededFuture(new Refusal(401, "invalid credentials", "FailedToAuthenticate"));
    }
    String digest = digest(charger.passwordHash(), password);
    if (digest.equals(verified.get(chargePointId))) {
      return Future.succeededFuture();
    }
    String hash = charger.passwordHash();
    return vertx.executeBlocking(() -> ChargerPasswords.verify(hash, password), false).map(ok -> {
      if (ok) {
        verified.put(chargePointId, digest);
        return null;
      }
      return new Refusal(401, "invalid credentials", "FailedToAuthenticate");
    });
  }

  private Future<Refusal> refuse(ChargerRecord charger, Refusal refusal) {
    core.chargers().recordSecurityEvent(charger.id(), charger.chargePointId(), refusal.securityEvent(),
        refusal.reason(), core.clock().instant());
    return Future.succeededFuture(refusal);
  }

  private static String commonName(X509Certificate cert) {
    try {
      for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
        if ("CN".equalsIgnoreCase(rdn.getType())) {
          return String.valueOf(rdn.getValue());
        }
      }
    } catch (InvalidNameException e) {
      return null;
    }
    return null;
  }

  /** What a verified (hash, password) pair is remembered as; never the password itself. */
  private static String digest(String hash, String password) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(hash.getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
      return Base64.getEncoder().encodeToString(md.digest(password.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
