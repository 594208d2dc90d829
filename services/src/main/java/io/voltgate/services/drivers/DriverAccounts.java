package io.voltgate.services.drivers;

import io.vertx.core.Future;
import io.voltgate.services.Refusal;
import io.voltgate.services.drivers.DriverAuthFailure.Reason;
import io.voltgate.store.drivers.AppToken;
import io.voltgate.store.drivers.DriverCredentials;
import io.voltgate.store.drivers.DriverRepository;
import io.voltgate.store.drivers.NewDriver;
import io.voltgate.store.drivers.StoredProfile;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Driver accounts of one network each: register, log in, refresh, read the profile. Caller errors
 * fail with {@link Refusal} (400 naming the field; 409 {@code email_taken}); authentication
 * failures with {@link DriverAuthFailure} (401, or 429 with a retry delay). Password recovery is
 * {@link PasswordResets}.
 */
public final class DriverAccounts {

  private static final Logger LOG = LoggerFactory.getLogger(DriverAccounts.class);
  // A fresh 48-bit uid colliding is rare; colliding this many times in a row means something else.
  private static final int UID_ATTEMPTS = 5;
  // A login "password" longer than any we accept at registration is wrong without hashing it.
  private static final int MAX_LOGIN_PASSWORD_CHARS = RegistrationRules.MAX_PASSWORD * 4;

  private final DriverRepository drivers;
  private final PasswordHasher hasher;
  private final DriverTokens tokens;
  private final LoginThrottle throttle;

  public DriverAccounts(DriverRepository drivers, PasswordHasher hasher, DriverTokens tokens, LoginThrottle throttle) {
    this.drivers = Objects.requireNonNull(drivers);
    this.hasher = Objects.requireNonNull(hasher);
    this.tokens = Objects.requireNonNull(tokens);
    this.throttle = Objects.requireNonNull(throttle);
  }

  /**
   * Creates the account, its first app token (type {@code APP_USER}, its uid in the answer's
   * {@code tokenUid}) and a session. Fails with {@link Refusal} {@code INVALID} for a missing or
   * malformed field, {@code CONFLICT} {@code email_taken} when the network has an account with this
   * e-mail (in any case).
   */
  public Future<DriverSession> register(UUID networkId, DriverRegistration registration) {
    DriverRegistration r;
    try {
      r = RegistrationRules.check(registration);
    } catch (Refusal e) {
      return Future.failedFuture(e);
    }
    // Checked first to spare the hash; the unique index still decides a race between two requests.
    return drivers.findByEmail(networkId, r.email())
        .compose(existing -> existing.isPresent() ? Future.failedFuture(emailTaken()) : hasher.hash(r.password()))
        .compose(hash -> create(networkId, r, hash, UID_ATTEMPTS))
        .compose(driver -> tokens.issue(networkId, driver.id()).map(t -> session(t, driver)));
  }

  /**
   * Completes with a session when the e-mail and password match a live account of the network.
   * Fails with {@link Reason#INVALID_CREDENTIALS} for an unknown e-mail, a wrong password or a
   * disabled account alike (same answer, same time), and {@link Reason#TOO_MANY_ATTEMPTS} once the
   * account or {@code sourceAddress} has failed too often ({@link LoginLimits}), before the password
   * is looked at.
   */
  public Future<DriverSession> login(UUID networkId, String email, String password, String sourceAddress) {
    if (email == null || email.isBlank()) {
      return Future.failedFuture(Refusal.invalid("email", "email is required"));
    }
    if (password == null || password.isEmpty()) {
      return Future.failedFuture(Refusal.invalid("password", "password is required"));
    }
    String e = email.trim();
    return throttle.admit(networkId, e, sourceAddress)
        .compose(v -> drivers.findByEmail(networkId, e))
        .compose(found -> {
          DriverCredentials account = found.filter(DriverCredentials::active).orElse(null);
          if (account == null || account.passwordHash() == null || password.length() > MAX_LOGIN_PASSWORD_CHARS) {
            return hasher.verifyNothing(password).compose(x -> wrongCredentials(networkId, e, sourceAddress));
          }
          return hasher.verify(account.passwordHash(), password).compose(ok -> ok
              ? loggedIn(account, password)
              : wrongCredentials(networkId, e, sourceAddress));
        });
  }

  /**
   * Spends the refresh token and completes with a new pair (no driver block, as in the seed). Fails
   * as {@link DriverTokens#refresh} does.
   */
  public Future<DriverSession> refresh(UUID networkId, String refreshToken) {
    return tokens.refresh(networkId, refreshToken)
        .map(t -> new DriverSession(t.accessToken(), t.refreshToken(), t.expiresIn(), null));
  }

  /**
   * The driver's profile and id tokens. Fails with {@link Reason#UNKNOWN_DRIVER} when the driver
   * (of a valid access token) no longer exists in the network.
   */
  public Future<DriverProfile> me(UUID networkId, UUID driverId) {
    return drivers.profile(networkId, driverId).compose(p -> p.isPresent()
        ? Future.succeededFuture(profile(p.get()))
        : Future.failedFuture(new DriverAuthFailure(Reason.UNKNOWN_DRIVER, "The driver no longer exists.")));
  }

  private Future<DriverSummary> create(UUID networkId, DriverRegistration r, String hash, int attempts) {
    UUID id = UUID.randomUUID();
    NewDriver driver = new NewDriver(id, networkId, r.email(), hash, r.firstName(), r.lastName(), r.phoneNumber(),
        r.address(), r.city(), r.state(), r.postalCode(), r.country());
    AppToken token = new AppToken(UUID.randomUUID(), AppTokenUids.next(), null, r.firstName() + "'s app token");
    return drivers.create(driver, token).compose(outcome -> switch (outcome) {
      case CREATED -> Future.succeededFuture(new DriverSummary(id, r.email(), r.firstName(), r.lastName(), token.uid()));
      case EMAIL_TAKEN -> Future.failedFuture(emailTaken());
      case TOKEN_UID_TAKEN -> attempts > 1 ? create(networkId, r, hash, attempts - 1)
          : Future.failedFuture(new IllegalStateException("no free app token uid after " + UID_ATTEMPTS + " draws"));
    });
  }

  private Future<DriverSession> loggedIn(DriverCredentials account, String password) {
    throttle.succeeded(account.networkId(), account.email());
    if (hasher.needsRehash(account.passwordHash())) {
      // Parameters were raised since this hash was made: upgrade it now that we hold the password.
      hasher.hash(password)
          .compose(h -> drivers.updatePasswordHash(account.networkId(), account.id(), h))
          .onFailure(e -> LOG.warn("event=driver_rehash_failed driver={} error={}", account.id(), e.toString()));
    }
    DriverSummary summary = new DriverSummary(account.id(), account.email(), account.firstName(), account.lastName(),
        account.tokenUid());
    return tokens.issue(account.networkId(), account.id()).map(t -> session(t, summary));
  }

  private <T> Future<T> wrongCredentials(UUID networkId, String email, String sourceAddress) {
    return throttle.failed(networkId, email, sourceAddress).compose(v -> Future.failedFuture(
        new DriverAuthFailure(Reason.INVALID_CREDENTIALS, "Invalid email or password.")));
  }

  private static Refusal emailTaken() {
    return Refusal.conflict("email_taken", "An account with this email already exists.");
  }

  private static DriverSession session(IssuedTokens t, DriverSummary driver) {
    return new DriverSession(t.accessToken(), t.refreshToken(), t.expiresIn(), driver);
  }

  private static DriverProfile profile(StoredProfile p) {
    return new DriverProfile(p.id(), p.email(), p.firstName(), p.lastName(), p.phoneNumber(), p.address(), p.city(),
        p.state(), p.postalCode(), p.country(), p.createdAt(),
        p.tokens().stream().map(t -> new DriverProfile.Token(t.id(), t.uid(), t.tokenType())).toList());
  }
}
