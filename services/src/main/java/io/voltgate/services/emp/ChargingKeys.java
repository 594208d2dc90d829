package io.voltgate.services.emp;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.voltgate.services.Refusal;
import io.voltgate.services.drivers.ContractIdIssuer;
import io.voltgate.store.query.ChargingKeyQueries;
import io.voltgate.store.query.ChargingKeyQueries.ChargingKey;
import io.voltgate.store.query.ChargingKeyQueries.Change;
import io.voltgate.store.query.ChargingKeyQueries.NewKey;
import io.voltgate.store.query.Scope;
import io.voltgate.store.redis.RedisKeys;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creating, enabling and disabling EMP charging keys. Each change ends by dropping the key's cached
 * Authorize answer in Redis (shared by every gateway node) before the caller answers, so the very
 * next Authorize, StartTransaction or TransactionEvent on any node reads the new state from Postgres.
 * A new key's drop matters too: an unknown uid's refusal may have been cached a moment before.
 */
public final class ChargingKeys {

  /** A key created without {@code validTo} is valid this long. */
  public static final Period DEFAULT_VALIDITY = Period.ofYears(5);

  private static final Logger LOG = LoggerFactory.getLogger(ChargingKeys.class);

  /** What a partner asks to create; {@code contractId} and {@code validTo} may be null. */
  public record NewChargingKey(UUID networkId, String keyIdentifier, String visualNumber, String fleetId, boolean enabled,
      String contractId, OffsetDateTime validTo) {
  }

  private final ChargingKeyQueries keys;
  private final ContractIdIssuer contractIds;
  private final Redis redis;
  private final Clock clock;

  public ChargingKeys(ChargingKeyQueries keys, ContractIdIssuer contractIds, Redis redis, Clock clock) {
    this.keys = Objects.requireNonNull(keys);
    this.contractIds = Objects.requireNonNull(contractIds);
    this.redis = Objects.requireNonNull(redis);
    this.clock = Objects.requireNonNull(clock);
  }

  /**
   * Creates the key; 409 {@code charging_key_exists} when its idTag is a live token already. A given
   * {@code contractId} needs the eMI3 shape only (the body schema checks it), not a correct check
   * digit: the partner issued it, and the seed's own example ({@code DE-9FS-C045DS363-E}, check
   * character C) would be refused otherwise. A generated one always carries its check digit.
   */
  public Future<ChargingKey> create(NewChargingKey r) {
    String idTag = KeyIdentifiers.toIdTag(r.keyIdentifier());
    OffsetDateTime validTo = r.validTo() != null ? r.validTo()
        : OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).plus(DEFAULT_VALIDITY);
    Future<String> contract = r.contractId() != null
        ? Future.succeededFuture(r.contractId().toUpperCase(Locale.ROOT)) : contractIds.next(r.networkId());
    return contract
        .compose(c -> keys.create(new NewKey(UUID.randomUUID(), r.networkId(), idTag, c, r.visualNumber(), r.fleetId(),
            r.enabled(), validTo)))
        .map(created -> created.orElseThrow(
            () -> Refusal.conflict("charging_key_exists", "Charging key already activated")))
        .compose(k -> dropCachedAnswer(k.uid()).map(k));
  }

  /** Enables or disables the scope's key given by its little-endian identifier, then drops its cached answer. */
  public Future<Change> setEnabled(Scope scope, String keyIdentifier, boolean enabled) {
    String idTag = KeyIdentifiers.toIdTag(keyIdentifier);
    return keys.setEnabled(scope, idTag, enabled)
        .compose(change -> change.key().isEmpty() ? Future.succeededFuture(change)
            : dropCachedAnswer(idTag).map(change));
  }

  private Future<Void> dropCachedAnswer(String idTag) {
    return redis.send(Request.cmd(Command.DEL).arg(RedisKeys.idToken(idTag)))
        .<Void>mapEmpty()
        .recover(e -> {
          // The cached answer lives 60 s at most: a lost delete delays the change, never cancels it.
          LOG.warn("charging key {} changed but its cached answer could not be dropped: {}", idTag, e.getMessage());
          return Future.succeededFuture();
        });
  }
}
