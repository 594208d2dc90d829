package io.voltgate.gateway.connection;

import io.voltgate.gateway.metrics.GatewayMetrics;
import java.time.Clock;
import io.voltgate.store.pg.ChargerRepository;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.voltgate.store.identity.VerifiedCredentials;
import io.voltgate.store.model.ChargerRecord;
import io.voltgate.store.security.ChargerPasswords;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
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
 * security events. bcrypt checks run on a worker thread; a verified password is remembered as a keyed digest
 * ({@link VerifiedCredentials}: in the process and in Redis, for every node with the deployment's
 * secret key; dropped when the charger changes) so reconnect storms, also to a restarted node, do not
 * repeat them.
 */
public final class ChargerAuthenticator {

  /** Why a handshake is refused. */
  public record Refusal(int status, String reason, String securityEvent) {
  }

  private final Vertx vertx;
  private final Clock clock;
  private final ChargerRepository chargers;
  private final VerifiedCredentials verified;
  private final GatewayMetrics metrics;

  public ChargerAuthenticator(Vertx vertx, Clock clock, ChargerRepository chargers, VerifiedCredentials verified,
      GatewayMetrics metrics) {
    this.metrics = Objects.requireNonNull(metrics);
    this.vertx = Objects.requireNonNull(vertx);
    this.clock = Objects.requireNonNull(clock);
    this.chargers = Objects.requireNonNull(chargers);
    this.verified = Objects.requireNonNull(verified);
  }

  /** True when checking this handshake would run bcrypt (a password not verified before). */
  public boolean needsPasswordCheck(HttpServerRequest hs, String chargePointId, ChargerRecord charger) {
    if (charger == null || charger.passwordHash() == null || (charger.securityProfile() != 1 && charger.securityProfile() != 2)) {
      return false;
    }
    String[] credentials = basicCredentials(hs.headers().get("Authorization"));
    return credentials != null && chargePointId.equals(credentials[0])
        && !verified.verifiedHere(chargePointId, charger.passwordHash(), credentials[1]);
  }

  /** Completes with null when the charger may connect, else with the refusal. */
  public Future<Refusal> check(HttpServerRequest hs, String chargePointId, ChargerRecord charger) {
    int profile = charger == null ? 0 : charger.securityProfile();
    if (profile <= 0) {
      return Future.succeededFuture();
    }
    if (profile >= 2 && !hs.isSSL()) {
      return refuse(charger, new Refusal(403, "profile " + profile + " requires TLS", "SecurityProfileViolation"));
    }
    if (profile == 3) {
      return Future.succeededFuture(clientCertificate(hs, chargePointId)).compose(r -> r == null ? Future.succeededFuture() : refuse(charger, r));
    }
    return basic(hs, chargePointId, charger).compose(r -> r == null ? Future.succeededFuture() : refuse(charger, r));
  }

  private Refusal clientCertificate(HttpServerRequest hs, String chargePointId) {
    List<Certificate> chain;
    try {
      chain = hs.connection().peerCertificates();
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

  private Future<Refusal> basic(HttpServerRequest hs, String chargePointId, ChargerRecord charger) {
    String header = hs.headers().get("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return Future.succeededFuture(new Refusal(401, "Basic authentication required", "FailedToAuthenticate"));
    }
    String[] credentials = basicCredentials(header);
    if (credentials == null) {
      return Future.succeededFuture(new Refusal(401, "malformed Basic credentials", "FailedToAuthenticate"));
    }
    String password = credentials[1];
    if (!chargePointId.equals(credentials[0]) || charger.passwordHash() == null) {
      return Future.succeededFuture(new Refusal(401, "invalid credentials", "FailedToAuthenticate"));
    }
    String hash = charger.passwordHash();
    return verified.verifiedAnywhere(chargePointId, hash, password).compose(known -> known
        ? Future.succeededFuture()
        : vertx.executeBlocking(() -> ChargerPasswords.verify(hash, password), false).map(ok -> {
          metrics.passwordChecked(ok);
          if (ok) {
            verified.verified(chargePointId, hash, password);
            return null;
          }
          return new Refusal(401, "invalid credentials", "FailedToAuthenticate");
        }));
  }

  /** {user, password} from a Basic Authorization header, or null when absent or malformed. */
  private static String[] basicCredentials(String header) {
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    return colon < 0 ? new String[] {decoded, ""} : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
  }

  /**
   * Records that a socket let in as an unknown id turned out to belong to this charger, which
   * requires credentials the socket did not present (it is closed).
   */
  public void unauthenticatedNewcomer(ChargerRecord charger) {
    chargers.recordSecurityEvent(charger.id(), charger.chargePointId(), "FailedToAuthenticate",
        "connected without the credentials of a registered charger", clock.instant());
  }

  private Future<Refusal> refuse(ChargerRecord charger, Refusal refusal) {
    chargers.recordSecurityEvent(charger.id(), charger.chargePointId(), refusal.securityEvent(),
        refusal.reason(), clock.instant());
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
}
