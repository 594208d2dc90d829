package io.voltgate.services.drivers;

import io.vertx.core.Future;
import io.voltgate.services.Refusal;
import io.voltgate.store.drivers.DriverCredentials;
import io.voltgate.store.drivers.DriverRepository;
import io.voltgate.store.drivers.PasswordResetRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forgotten passwords: a single-use, short-lived reset token (stored as SHA-256) is mailed to the
 * account's address; spending it sets the new password and ends every session of the driver.
 */
public final class PasswordResets {

  private static final Logger LOG = LoggerFactory.getLogger(PasswordResets.class);

  /** Reset mails per account per hour; more requests are answered alike but send nothing. */
  static final int MAILS_PER_HOUR = 3;

  private final DriverRepository drivers;
  private final PasswordResetRepository resets;
  private final PasswordHasher hasher;
  private final ResetMail mail;
  private final Clock clock;

  public PasswordResets(DriverRepository drivers, PasswordResetRepository resets, PasswordHasher hasher, ResetMail mail,
      Clock clock) {
    this.drivers = Objects.requireNonNull(drivers);
    this.resets = Objects.requireNonNull(resets);
    this.hasher = Objects.requireNonNull(hasher);
    this.mail = Objects.requireNonNull(mail);
    this.clock = Objects.requireNonNull(clock);
  }

  /**
   * Completes the same way whether or not the network has an account with this e-mail (the caller
   * answers the seed's neutral message); fails only with a {@link Refusal} for a malformed e-mail.
   * The token and the mail are made after the answer, so its timing does not tell either.
   */
  public Future<Void> forgotPassword(UUID networkId, String email, String sourceAddress) {
    String e;
    try {
      e = RegistrationRules.email(email);
    } catch (Refusal r) {
      return Future.failedFuture(r);
    }
    return drivers.findByEmail(networkId, e).map(found -> {
      found.filter(DriverCredentials::active).ifPresent(account -> sendReset(account, sourceAddress)
          .onFailure(err -> LOG.warn("event=password_reset_mail_failed driver={} error={}", account.id(), err.toString())));
      return null;
    });
  }

  /**
   * Sets the new password if {@code token} is a live reset token of the network; the token and
   * the driver's other reset tokens are spent and their refresh tokens revoked. Fails with a
   * {@link Refusal} on {@code password} (policy) or {@code token} (unknown, used or expired).
   */
  public Future<Void> resetPassword(UUID networkId, String token, String newPassword) {
    if (token == null || token.isBlank() || token.length() > 256) {
      return Future.failedFuture(Refusal.invalid("token", "token is required"));
    }
    try {
      RegistrationRules.password("password", newPassword);
    } catch (Refusal r) {
      return Future.failedFuture(r);
    }
    return hasher.hash(newPassword)
        .compose(hash -> resets.complete(networkId, OpaqueTokens.hash(token.trim()), hash, clock.instant()))
        .compose(driver -> {
          if (driver.isEmpty()) {
            return Future.failedFuture(Refusal.invalid("token", "The reset token is invalid or has expired."));
          }
          LOG.info("event=driver_password_reset driver={}", driver.get());
          return Future.succeededFuture();
        });
  }

  private Future<Void> sendReset(DriverCredentials account, String sourceAddress) {
    Instant now = clock.instant();
    return resets.issuedSince(account.networkId(), account.id(), now.minus(Duration.ofHours(1))).compose(recent -> {
      if (recent >= MAILS_PER_HOUR) {
        LOG.info("event=password_reset_limited driver={} recent={}", account.id(), recent);
        return Future.succeededFuture();
      }
      String token = OpaqueTokens.generate();
      return resets.insert(UUID.randomUUID(), account.networkId(), account.id(), OpaqueTokens.hash(token), sourceAddress,
              now, now.plus(mail.ttl()))
          .compose(v -> mail.send(account.networkId(), account.email(), account.firstName(), token));
    });
  }
}
