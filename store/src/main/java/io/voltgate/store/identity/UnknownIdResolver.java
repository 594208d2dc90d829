package io.voltgate.store.identity;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.voltgate.store.model.ChargerRecord;
import io.voltgate.store.pg.ChargerRepository;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Settles, against Postgres and in batches, the ids of sockets the gateway opened without a charger
 * (the identity cache said "unknown"). Under auto-registration each id is registered (one multi-row
 * {@code INSERT … ON CONFLICT DO NOTHING RETURNING} per batch, conflicts read back in one query);
 * otherwise each id is looked up (one {@code = ANY($1)} query per batch). Either way the answer is the
 * charger the id has in Postgres now, credentials included, so the caller can close a socket that
 * lacks them.
 *
 * <p>Why batches: onboarding a fleet is thousands of new ids per second; one statement and one
 * commit per id was what made registrations queue for seconds on a CPU-starved node. Ids wait at
 * most {@code flushMillis} (or until {@code batchSize} wait); one batch is in flight at a time and the
 * next one collects meanwhile, so a slow commit makes batches larger rather than queues longer.
 *
 * <p>Bounded: beyond {@code maxPending} ids waiting or in flight, {@link #resolve} fails at once (the
 * charger is answered {@code Pending} and tries again later). An id asked for twice shares one answer.
 * Not thread-safe: one instance per event loop.
 */
public final class UnknownIdResolver {

  /** Thrown (as a failed future) when {@code maxPending} ids already wait. */
  public static final class Full extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Full() {
      super("too many unknown ids waiting to be settled", null, false, false);
    }
  }

  private final Vertx vertx;
  private final ChargerRepository chargers;
  private final ChargerIdentities identities;
  private final UUID registerInto;
  private final int batchSize;
  private final int maxPending;
  private final long flushMillis;
  private Map<String, Promise<Optional<ChargerRecord>>> waiting = new LinkedHashMap<>();
  private Map<String, Promise<Optional<ChargerRecord>>> inFlight = Map.of();
  private long timer = -1;

  /**
   * @param registerInto the network unknown ids are registered into, or null to only look them up
   */
  public UnknownIdResolver(Vertx vertx, ChargerRepository chargers, ChargerIdentities identities, UUID registerInto,
      int batchSize, int maxPending, long flushMillis) {
    this.vertx = Objects.requireNonNull(vertx);
    this.chargers = Objects.requireNonNull(chargers);
    this.identities = Objects.requireNonNull(identities);
    this.registerInto = registerInto;
    this.batchSize = Math.max(1, batchSize);
    this.maxPending = Math.max(1, maxPending);
    this.flushMillis = Math.max(1, flushMillis);
  }

  /**
   * The charger the id has in Postgres once its batch is done (registered now, or already there);
   * empty only when looking up and there is none. Fails when the batch failed or the bound is reached.
   */
  public Future<Optional<ChargerRecord>> resolve(String chargePointId) {
    Promise<Optional<ChargerRecord>> same = waiting.get(chargePointId);
    if (same == null) {
      same = inFlight.get(chargePointId);
    }
    if (same != null) {
      return same.future();
    }
    if (depth() >= maxPending) {
      return Future.failedFuture(new Full());
    }
    Promise<Optional<ChargerRecord>> promise = Promise.promise();
    waiting.put(chargePointId, promise);
    if (waiting.size() >= batchSize && inFlight.isEmpty()) {
      flush();
    } else if (timer < 0 && inFlight.isEmpty()) {
      timer = vertx.setTimer(flushMillis, id -> {
        timer = -1;
        flush();
      });
    }
    return promise.future();
  }

  /** Ids waiting or in flight. */
  public int depth() {
    return waiting.size() + inFlight.size();
  }

  private void flush() {
    if (waiting.isEmpty() || !inFlight.isEmpty()) {
      return;
    }
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    Map<String, Promise<Optional<ChargerRecord>>> batch = waiting;
    if (batch.size() > batchSize) {
      // Take the oldest batchSize; the rest stay waiting for the next batch.
      batch = new LinkedHashMap<>();
      var it = waiting.entrySet().iterator();
      while (batch.size() < batchSize && it.hasNext()) {
        var e = it.next();
        batch.put(e.getKey(), e.getValue());
        it.remove();
      }
    } else {
      waiting = new LinkedHashMap<>();
    }
    inFlight = batch;
    Map<String, Promise<Optional<ChargerRecord>>> sent = batch;
    settle(new ArrayList<>(sent.keySet())).onComplete(ar -> {
      inFlight = Map.of();
      if (ar.succeeded()) {
        Map<String, ChargerRecord> found = ar.result();
        sent.forEach((cp, p) -> {
          ChargerRecord c = found.get(cp);
          if (c == null && registerInto != null) {
            // Read back as conflicting, then deleted before the read: try again later.
            p.fail(new IllegalStateException("charger " + cp + " vanished while being registered"));
          } else {
            p.complete(Optional.ofNullable(c));
          }
        });
      } else {
        sent.values().forEach(p -> p.fail(ar.cause()));
      }
      if (!waiting.isEmpty()) {
        // They waited at least as long as this batch took: no need to wait another tick.
        flush();
      }
    });
  }

  private Future<Map<String, ChargerRecord>> settle(List<String> ids) {
    if (registerInto != null) {
      return chargers.registerAll(ids, registerInto, "Accepted").map(found -> {
        identities.registered(found.values());
        return found;
      });
    }
    return chargers.findLive(ids).map(rows -> {
      Map<String, ChargerRecord> found = new HashMap<>();
      rows.forEach(c -> found.put(c.chargePointId(), c));
      for (String cp : ids) {
        identities.lookedUp(cp, Optional.ofNullable(found.get(cp)));
      }
      return found;
    });
  }
}
