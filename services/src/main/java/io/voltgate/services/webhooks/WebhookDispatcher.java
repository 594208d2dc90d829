package io.voltgate.services.webhooks;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.voltgate.store.security.SecretBox;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers due webhook deliveries: claims a batch with {@code FOR UPDATE SKIP LOCKED} and a lease
 * (so two nodes never send the same attempt, and a node that dies mid-attempt releases it), POSTs
 * each signed payload with a timeout to the target's vetted address ({@link WebhookUrls}), and
 * records the attempt (a failure as an outcome class, {@link DeliveryFailure}): success resets the
 * subscription's failure streak; failure schedules a retry with exponential backoff and jitter
 * until {@code max_attempts}, and disables the subscription after too many consecutive failures.
 */
final class WebhookDispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
  private static final int BATCH = 20;
  private static final int MAX_RESPONSE_CHARS = 1_024;
  private static final long MAX_BACKOFF_MS = 3_600_000;

  private final Vertx vertx;
  private final Pool pg;
  private final WebClient http;
  private final WebhookUrls urls;
  private final SecretBox secrets;
  private final WebhookOptions options;
  private static final int MAX_IN_FLIGHT = 64;
  /**
   * Attempts of one subscription under way at once on this node: a receiver that hangs holds at most
   * this many of the {@link #MAX_IN_FLIGHT} slots (each for up to the delivery timeout), so it cannot
   * delay the other subscriptions' deliveries (RELIABILITY.md, section 5).
   */
  static final int MAX_IN_FLIGHT_PER_SUBSCRIPTION = 4;
  /** Due deliveries looked at per claim, of which at most MAX_IN_FLIGHT_PER_SUBSCRIPTION per subscription are taken. */
  private static final int CANDIDATES = 200;
  private final java.util.Map<UUID, Integer> inFlightBySubscription = new java.util.HashMap<>();
  private boolean claiming;
  private int inFlight;
  private io.vertx.core.Promise<Void> draining;

  private final WebhookMetrics metrics;

  WebhookDispatcher(Vertx vertx, Pool pg, WebClient http, WebhookUrls urls, SecretBox secrets, WebhookOptions options,
      WebhookMetrics metrics) {
    this.urls = Objects.requireNonNull(urls);
    this.metrics = Objects.requireNonNull(metrics);
    this.vertx = Objects.requireNonNull(vertx);
    this.pg = Objects.requireNonNull(pg);
    this.http = Objects.requireNonNull(http);
    this.secrets = Objects.requireNonNull(secrets);
    this.options = Objects.requireNonNull(options);
  }

  private record Claimed(UUID id, UUID subscription, String eventId, String eventType, JsonObject payload,
      int attempts, int maxAttempts, String url, String secret) {
  }

  /**
   * Claims due deliveries while fewer than {@link #MAX_IN_FLIGHT} are being sent, at most
   * {@link #MAX_IN_FLIGHT_PER_SUBSCRIPTION} per subscription; every finished attempt claims again, so
   * one slow or hung receiver never holds up the others.
   */
  void poll() {
    if (draining != null || claiming || inFlight >= MAX_IN_FLIGHT) {
      return;
    }
    claiming = true;
    int wanted = Math.min(BATCH, MAX_IN_FLIGHT - inFlight);
    claim(wanted).onComplete(ar -> {
      claiming = false;
      if (draining != null && inFlight == 0 && (ar.failed() || ar.result().isEmpty())) {
        draining.tryComplete();
      }
      if (ar.failed()) {
        LOG.warn("claiming webhook deliveries failed: {}", ar.cause().getMessage());
        return;
      }
      for (Claimed c : ar.result()) {
        inFlight++;
        inFlightBySubscription.merge(c.subscription(), 1, Integer::sum);
        deliver(c).onComplete(done -> {
          inFlight--;
          inFlightBySubscription.computeIfPresent(c.subscription(), (k, n) -> n <= 1 ? null : n - 1);
          if (done.failed()) {
            LOG.warn("recording webhook delivery {} failed: {}", c.id(), done.cause().getMessage());
          }
          if (draining != null && inFlight == 0) {
            draining.tryComplete();
          }
          poll();
        });
      }
      // Fewer than wanted can still leave due deliveries of other subscriptions (the per-subscription
      // limit skipped some): claim again until a claim finds nothing.
      if (!ar.result().isEmpty()) {
        poll();
      }
    });
  }

  /**
   * Stops claiming and completes when the attempts under way are recorded (bounded by the delivery
   * timeout), so a graceful restart neither repeats nor strands an attempt. After a crash, the
   * lease expires and another node takes the delivery over.
   */
  Future<Void> drain() {
    draining = io.vertx.core.Promise.promise();
    if (inFlight == 0 && !claiming) {
      draining.complete();
    } else {
      vertx.setTimer(options.timeoutMs() + 2_000, t -> draining.tryComplete());
    }
    return draining.future();
  }

  private Future<List<Claimed>> claim(int limit) {
    long lease = options.timeoutMs() + 30_000;
    List<UUID> busy = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    inFlightBySubscription.forEach((sub, n) -> {
      busy.add(sub);
      counts.add(n);
    });
    UUID[] full = inFlightBySubscription.entrySet().stream()
        .filter(e -> e.getValue() >= MAX_IN_FLIGHT_PER_SUBSCRIPTION).map(java.util.Map.Entry::getKey).toArray(UUID[]::new);
    // Candidates in due order (subscriptions at their limit skipped), then at most the limit per
    // subscription counting what it has under way.
    return pg.preparedQuery("WITH busy AS (SELECT * FROM unnest($3::uuid[], $4::int[]) AS b(sub, n)),"
            + " cand AS (SELECT d2.id, d2.subscription_id, d2.next_retry_at FROM webhook_deliveries d2"
            + "   JOIN webhook_subscriptions w2 ON w2.id = d2.subscription_id"
            + "   WHERE w2.is_active AND w2.deleted_at IS NULL AND ((d2.status IN ('pending', 'retrying') AND d2.next_retry_at <= now())"
            + "     OR (d2.status = 'in_flight' AND d2.locked_until < now())) AND NOT (d2.subscription_id = ANY($5::uuid[]))"
            + "   ORDER BY d2.next_retry_at LIMIT $6 FOR UPDATE OF d2 SKIP LOCKED),"
            + " picked AS (SELECT r.id FROM (SELECT c.id, c.next_retry_at, COALESCE(b.n, 0)"
            + "     + row_number() OVER (PARTITION BY c.subscription_id ORDER BY c.next_retry_at) AS k"
            + "     FROM cand c LEFT JOIN busy b ON b.sub = c.subscription_id) r"
            + "   WHERE r.k <= $7 ORDER BY r.next_retry_at LIMIT $1)"
            + " UPDATE webhook_deliveries d SET status = 'in_flight',"
            + " locked_until = now() + make_interval(secs => $2 / 1000.0)"
            + " FROM webhook_subscriptions w WHERE w.id = d.subscription_id AND d.id IN (SELECT id FROM picked)"
            + " RETURNING d.id, d.subscription_id, d.event_id, d.event_type, d.payload, d.attempts, d.max_attempts,"
            + " w.url, w.secret_encrypted")
        .execute(Tuple.from(new Object[] {limit, (double) lease, busy.toArray(UUID[]::new), counts.toArray(Integer[]::new),
            full, CANDIDATES, MAX_IN_FLIGHT_PER_SUBSCRIPTION}))
        .map(rows -> {
          List<Claimed> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(new Claimed(r.getUUID("id"), r.getUUID("subscription_id"), r.getString("event_id"),
                r.getString("event_type"), (JsonObject) r.getValue("payload"), r.getInteger("attempts"),
                r.getInteger("max_attempts"), r.getString("url"), secrets.open(r.getString("secret_encrypted"))));
          }
          return out;
        });
  }

  private Future<Void> deliver(Claimed c) {
    String body = c.payload().encode();
    long ts = System.currentTimeMillis() / 1000;
    long started = System.nanoTime();
    int attempt = c.attempts() + 1;
    // Vetted again at every attempt: the name may resolve elsewhere than when it was accepted.
    return urls.vet(c.url())
        .compose(vetted -> post(vetted, c, body, ts, attempt))
        .transform(ar -> {
          int ms = (int) ((System.nanoTime() - started) / 1_000_000);
          if (ar.succeeded() && ar.result().statusCode() / 100 == 2) {
            metrics.attempt(WebhookMetrics.Outcome.DELIVERED);
            return succeeded(c, ar.result(), ms);
          }
          metrics.attempt(attempt >= c.maxAttempts() ? WebhookMetrics.Outcome.FAILED
              : WebhookMetrics.Outcome.RETRY);
          HttpResponse<Buffer> res = ar.succeeded() ? ar.result() : null;
          String outcome = res != null ? DeliveryFailure.ofStatus(res.statusCode()) : DeliveryFailure.of(ar.cause());
          if (res == null) {
            LOG.debug("webhook delivery {} attempt {} failed: {} ({})", c.id(), attempt, outcome, ar.cause().toString());
          }
          return failed(c, attempt, res, ms, outcome);
        });
  }

  /**
   * POSTs to the vetted address itself: the connection never resolves the host again, while the
   * Host header, TLS SNI and certificate verification still use the URL's host name.
   */
  private Future<HttpResponse<Buffer>> post(WebhookUrls.Vetted vetted, Claimed c, String body, long ts, int attempt) {
    return http.request(HttpMethod.POST, vetted.server(), vetted.request())
        .timeout(options.timeoutMs())
        .putHeader("Content-Type", "application/json")
        .putHeader("User-Agent", "Voltgate-Webhooks/1")
        .putHeader("X-Voltgate-Event-Id", c.eventId())
        .putHeader("X-Voltgate-Event-Type", c.eventType())
        .putHeader("X-Voltgate-Delivery-Id", c.id().toString())
        .putHeader("X-Voltgate-Attempt", Integer.toString(attempt))
        .putHeader("X-Voltgate-Timestamp", Long.toString(ts))
        .putHeader("X-Voltgate-Signature", WebhookSigner.signature(c.secret(), ts, body))
        .sendBuffer(Buffer.buffer(body));
  }

  private Future<Void> succeeded(Claimed c, HttpResponse<Buffer> res, int ms) {
    return pg.withTransaction(conn -> conn.preparedQuery("UPDATE webhook_deliveries SET status = 'delivered',"
                + " attempts = attempts + 1, http_status = $2, response_body = $3, duration_ms = $4, last_error = NULL,"
                + " completed_at = now(), delivered_at = now(), locked_until = NULL WHERE id = $1")
            .execute(Tuple.of(c.id(), res.statusCode(), truncate(res.bodyAsString()), ms))
            .compose(v -> conn.preparedQuery("UPDATE webhook_subscriptions SET consecutive_failures = 0 WHERE id = $1")
                .execute(Tuple.of(c.subscription()))))
        .mapEmpty();
  }

  private Future<Void> failed(Claimed c, int attempt, HttpResponse<Buffer> res, int ms, String outcome) {
    boolean last = attempt >= c.maxAttempts();
    long delay = backoff(attempt);
    return pg.withTransaction(conn -> conn.preparedQuery("UPDATE webhook_deliveries SET attempts = attempts + 1,"
                + " status = CASE WHEN $2 THEN 'failed' ELSE 'retrying' END,"
                + " next_retry_at = now() + make_interval(secs => $3 / 1000.0),"
                + " completed_at = CASE WHEN $2 THEN now() ELSE NULL END,"
                + " http_status = $4, response_body = $5, duration_ms = $6, last_error = $7, locked_until = NULL"
                + " WHERE id = $1")
            .execute(Tuple.from(new Object[] {c.id(), last, (double) delay, res == null ? null : res.statusCode(),
                res == null ? null : truncate(res.bodyAsString()), ms, outcome}))
            .compose(v -> conn.preparedQuery("UPDATE webhook_subscriptions SET consecutive_failures = consecutive_failures + 1,"
                    + " is_active = CASE WHEN consecutive_failures + 1 >= $2 THEN false ELSE is_active END,"
                    + " disabled_at = CASE WHEN consecutive_failures + 1 >= $2 AND is_active THEN now() ELSE disabled_at END,"
                    + " disabled_reason = CASE WHEN consecutive_failures + 1 >= $2 AND is_active"
                    + "   THEN 'Too many consecutive delivery failures (' || (consecutive_failures + 1) || ')' ELSE disabled_reason END,"
                    + " updated_at = now() WHERE id = $1")
                .execute(Tuple.of(c.subscription(), options.disableAfter()))))
        .mapEmpty();
  }

  /** base × 2^(attempt−1), ±20 % jitter, capped at one hour. */
  long backoff(int attempt) {
    double base = options.retryBaseMs() * Math.pow(2, Math.min(30, attempt - 1));
    double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
    return (long) Math.min(MAX_BACKOFF_MS, base * jitter);
  }

  private static String truncate(String s) {
    return s == null || s.length() <= MAX_RESPONSE_CHARS ? s : s.substring(0, MAX_RESPONSE_CHARS);
  }
}
