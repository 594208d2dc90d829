package io.voltgate.services.fraud;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.voltgate.store.query.FraudQueries;
import io.voltgate.store.query.FraudQueries.Change;
import io.voltgate.store.query.FraudQueries.Clearance;
import io.voltgate.store.query.FraudQueries.Hold;
import io.voltgate.store.query.FraudQueries.Status;
import io.voltgate.store.query.Scope;
import io.voltgate.store.redis.RedisKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fraud holds (docs/fraud.md). The rule — held while the unpaid balance on some network is over
 * {@link FraudOptions#threshold()} — is {@link FraudQueries}'; this service applies it (the sweep,
 * a clearance) and, around every change of a driver's hold, drops the cached Authorize answers of the
 * driver's tokens in Redis (shared by every gateway node): once before the change commits, so whoever
 * sees it committed finds no answer cached before it, and once after, for an answer a concurrent
 * Authorize cached in between. The very next Authorize, StartTransaction or TransactionEvent on any
 * node after the change is visible reads the hold from Postgres.
 */
public final class FraudHolds {

  /** The reason a hold records. */
  public static final String REASON = "Unpaid balance over threshold";

  private static final Logger LOG = LoggerFactory.getLogger(FraudHolds.class);

  private final FraudQueries queries;
  private final Redis redis;
  private final FraudOptions options;

  public FraudHolds(FraudQueries queries, Redis redis, FraudOptions options) {
    this.queries = Objects.requireNonNull(queries);
    this.redis = Objects.requireNonNull(redis);
    this.options = Objects.requireNonNull(options);
  }

  /** The held drivers of the scope's networks, each with the unpaid balance over those networks. */
  public Future<List<Hold>> holds(Scope scope) {
    return queries.holds(scope);
  }

  /** A driver of the scope's networks with their anti-fraud status, or empty. */
  public Future<Optional<Status>> status(Scope scope, UUID driverId) {
    return queries.status(scope, driverId);
  }

  /**
   * Clears the driver's hold as far as the rule allows: with {@code waive} the driver's unpaid CDRs
   * of the scope's networks are waived first; the driver stays held while over the threshold on any
   * network (another operator's too). Completes with empty for a driver outside the scope.
   *
   * @param keyId the API key that waives (recorded on each waived CDR)
   */
  public Future<Optional<Clearance>> clear(Scope scope, UUID driverId, boolean waive, UUID keyId) {
    // Dropped whatever the outcome (cheap), before the commit and after it: see FraudQueries.evaluateAll.
    return queries.clear(scope, driverId, waive, keyId, options.threshold(), REASON, this::dropCachedAnswers)
        .compose(done -> done.isEmpty() ? Future.succeededFuture(done)
            : dropCachedAnswers(done.get().tokens()).map(done));
  }

  /** Places and lifts every hold the rule calls for now; completes with the changes. */
  public Future<List<Change>> sweep() {
    return queries.evaluateAll(options.threshold(), REASON, this::dropCachedAnswers)
        .compose(changes -> dropCachedAnswers(FraudQueries.uids(changes)).map(changes));
  }

  /** Whether {@code idTag} at a charger of {@code networkId} is the token of a held driver. */
  public Future<Boolean> tokenHeld(UUID networkId, String idTag) {
    return idTag == null ? Future.succeededFuture(false) : queries.tokenHeld(networkId, idTag);
  }

  /** One DEL per key (the keys are in different Redis Cluster slots), sent together. */
  private Future<Void> dropCachedAnswers(List<String> uids) {
    List<Future<?>> deletes = new ArrayList<>(uids.size());
    for (String uid : uids) {
      deletes.add(redis.send(Request.cmd(Command.DEL).arg(RedisKeys.idToken(uid))));
    }
    return Future.join(deletes).<Void>mapEmpty().recover(e -> {
      // A cached answer lives 60 s at most: a lost delete delays the change, never cancels it.
      LOG.warn("a fraud hold changed but cached Authorize answers could not all be dropped: {}", e.getMessage());
      return Future.succeededFuture();
    });
  }
}
