package io.voltgate.services.push;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.Redis;
import io.vertx.sqlclient.Pool;
import io.voltgate.services.events.StreamEvent;
import io.voltgate.store.Backends;
import io.voltgate.store.model.EventType;
import io.voltgate.store.query.PushSweepQueries;
import io.voltgate.store.redis.ConsumerGroupReader;
import io.voltgate.store.redis.RedisClients;
import io.voltgate.store.redis.RedisKeys;
import io.voltgate.store.redis.StreamEntry;
import io.voltgate.store.security.SecretBox;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes session events to their drivers (deploy one instance on every API node). Reads
 * {@code vg:events} in the consumer group {@code push}, as webhook fan-out does in its own group, so
 * nodes share the work and each event is pushed by one node. Pushes are best effort: an entry is
 * acknowledged once its pushes were tried, whatever the push services answered (a notification
 * repeated minutes later is worse than one lost); only an entry whose driver could not be looked up
 * stays pending and is claimed again.
 *
 * <p>A session that ends with a fault-like stop reason ({@link PushNotifications#FAULT_STOP_REASONS})
 * is pushed as {@code sessionFailed} instead of {@code sessionStopped}. Every {@code sweepInterval}
 * a {@link PushSweep} round also pushes failed scheduled charges and reservation reminders; rounds
 * never overlap on a node.
 */
public final class PushVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(PushVerticle.class);

  static final String GROUP = "push";
  private static final int BATCH = 100;
  private static final Duration BLOCK = Duration.ofSeconds(2);
  private static final Duration CLAIM_IDLE = Duration.ofMinutes(1);
  /** How often a node sweeps for reminders and failed schedules. */
  public static final Duration SWEEP_INTERVAL = Duration.ofSeconds(30);
  /** How long before a reservation expires its reminder is pushed. */
  public static final Duration REMINDER_LEAD = Duration.ofMinutes(5);

  private final Backends backends;
  private final SecretBox secrets;
  private final PushOptions options;
  private final String nodeId;
  private final Duration sweepInterval;
  private final Duration reminderLead;
  private Pool pg;
  private Redis redis;
  private Redis reader;
  private DriverPush push;
  private ConsumerGroupReader events;
  private PushSweep sweep;
  private long sweepTimer = -1;
  private boolean sweeping;

  public PushVerticle(Backends backends, SecretBox secrets, PushOptions options, String nodeId) {
    this(backends, secrets, options, nodeId, SWEEP_INTERVAL, REMINDER_LEAD);
  }

  /** With another sweep interval and reminder lead (tests). */
  public PushVerticle(Backends backends, SecretBox secrets, PushOptions options, String nodeId, Duration sweepInterval,
      Duration reminderLead) {
    this.backends = Objects.requireNonNull(backends);
    this.secrets = Objects.requireNonNull(secrets);
    this.options = Objects.requireNonNull(options);
    this.nodeId = Objects.requireNonNull(nodeId);
    this.sweepInterval = Objects.requireNonNull(sweepInterval);
    this.reminderLead = Objects.requireNonNull(reminderLead);
  }

  @Override
  public Future<?> start() {
    pg = backends.pgPool(vertx);
    redis = RedisClients.client(vertx, backends.redisUrl(), 2);
    reader = RedisClients.client(vertx, backends.redisUrl(), 1);
    push = DriverPush.create(vertx, pg, secrets, options, Clock.systemUTC());
    events = ConsumerGroupReader.eachEntry(vertx, redis, reader,
        ConsumerGroupReader.Options.of(RedisKeys.EVENTS, GROUP, nodeId).withBatch(BATCH).withBlock(BLOCK)
            .claimingAfter(CLAIM_IDLE, CLAIM_IDLE.dividedBy(2)).readingOwnPendingFirst(),
        this::handle);
    sweep = new PushSweep(new PushSweepQueries(pg), push, reminderLead, Clock.systemUTC());
    return push.start().compose(v -> events.start()).onSuccess(v ->
        sweepTimer = vertx.setPeriodic(sweepInterval.toMillis(), id -> sweepRound()));
  }

  private void sweepRound() {
    if (sweeping) {
      return;
    }
    sweeping = true;
    sweep.round()
        .onSuccess(n -> {
          if (n > 0) {
            LOG.info("event=push_sweep sent={}", n);
          }
        })
        .onFailure(e -> LOG.warn("event=push_sweep_failed error={}", e.toString()))
        .onComplete(v -> sweeping = false);
  }

  /**
   * A session start or stop → its driver's devices (a fault-like stop as {@code sessionFailed});
   * every other entry is acknowledged at once.
   */
  private Future<Void> handle(StreamEntry entry) {
    if (entry.trimmed()) {
      return Future.succeededFuture();
    }
    StreamEvent e = StreamEvent.from(entry);
    EventType type = EventType.fromWire(e.type());
    String sessionId = e.data().getString("sessionId");
    // A replayed session event (after Redis lost its data) was most likely pushed already: not again.
    if ((type != EventType.SESSION_STARTED && type != EventType.SESSION_COMPLETED) || sessionId == null
        || e.data().getBoolean("orphan", false) || e.data().getBoolean("replayed", false)) {
      return Future.succeededFuture();
    }
    boolean started = type == EventType.SESSION_STARTED;
    boolean failed = !started && PushNotifications.faultStop(e.data().getString("reason"));
    return push.notifySession(UUID.fromString(sessionId),
            started ? "sessionStarted" : failed ? "sessionFailed" : "sessionStopped",
            failed ? PushNotifications.sessionFailed(e) : PushNotifications.session(e, started))
        .onSuccess(sent -> LOG.debug("event=push_session type={} session={} sent={}", e.type(), sessionId, sent))
        .mapEmpty();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(sweepTimer);
    Future<Void> f = events == null ? Future.succeededFuture() : events.stop();
    return f.eventually(() -> {
      if (push != null) {
        push.stop();
      }
      return reader.close();
    }).eventually(() -> redis.close()).eventually(() -> pg.close());
  }
}
