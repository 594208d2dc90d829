package io.voltgate.services.push;

import com.interaso.webpush.WebPush;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Pool;
import io.voltgate.services.content.NotificationPreferences;
import io.voltgate.services.webhooks.WebhookUrls;
import io.voltgate.store.drivers.VapidKeyRepository;
import io.voltgate.store.query.NotificationPreferenceQueries;
import io.voltgate.store.query.PushSubscriptionQueries;
import io.voltgate.store.query.PushSubscriptionQueries.Subscription;
import io.voltgate.store.query.Scope;
import io.voltgate.store.security.SecretBox;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Web push for drivers: their subscriptions, the test push, and notifications about their sessions
 * as their preferences allow. Everything is asynchronous; encryption and signing run on worker
 * threads ({@link WebPushSender}). {@link #start()} loads the deployment's VAPID keys first.
 */
public final class DriverPush {

  private static final Logger LOG = LoggerFactory.getLogger(DriverPush.class);

  /** What a test push did. */
  public record TestResult(int sent, int subscriptions) {
  }

  private final Vertx vertx;
  private final PushSubscriptionQueries subscriptions;
  private final NotificationPreferenceQueries preferences;
  private final VapidKeyStore keys;
  private final WebhookUrls urls;
  private final PushOptions options;
  private final Clock clock;
  private final WebClient http;
  private volatile WebPushSender sender;
  private volatile String applicationServerKey;

  private DriverPush(Vertx vertx, PushSubscriptionQueries subscriptions, NotificationPreferenceQueries preferences,
      VapidKeyStore keys, PushOptions options, Clock clock) {
    this.vertx = Objects.requireNonNull(vertx);
    this.subscriptions = Objects.requireNonNull(subscriptions);
    this.preferences = Objects.requireNonNull(preferences);
    this.keys = Objects.requireNonNull(keys);
    this.options = Objects.requireNonNull(options);
    this.clock = Objects.requireNonNull(clock);
    this.urls = new WebhookUrls(vertx, options.allowedPrivateTargets());
    this.http = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false)
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, options.timeoutMs())).setUserAgent("Voltgate-Push/1"));
  }

  /** Built in a verticle; {@link #start()} before use, {@link #stop()} with the verticle. */
  public static DriverPush create(Vertx vertx, Pool pg, SecretBox secrets, PushOptions options, Clock clock) {
    return new DriverPush(vertx, new PushSubscriptionQueries(pg), new NotificationPreferenceQueries(pg),
        new VapidKeyStore(vertx, new VapidKeyRepository(pg), secrets), options, clock);
  }

  /** Loads (or makes, the first time in the deployment) the VAPID key pair. */
  public Future<Void> start() {
    return keys.load().map(pair -> {
      sender = new WebPushSender(vertx, http, urls, new WebPush(options.subject(), pair), options.timeoutMs());
      applicationServerKey = VapidKeyStore.applicationServerKey(pair);
      return null;
    });
  }

  public void stop() {
    http.close();
  }

  /** The VAPID public key apps pass to {@code pushManager.subscribe} (base64url). */
  public String applicationServerKey() {
    return Objects.requireNonNull(applicationServerKey, "DriverPush.start() first");
  }

  /**
   * Registers a browser's subscription for the driver of the scope. Fails with a {@code Refusal}
   * naming {@code endpoint} or {@code keys.*} when either is not acceptable; completes with false
   * when the driver account is gone.
   */
  public Future<Boolean> subscribe(Scope scope, String endpoint, String p256dh, String auth) {
    SubscriptionKeys.check(p256dh, auth);
    return urls.check(endpoint, "endpoint").compose(v -> subscriptions.subscribe(scope, endpoint, p256dh, auth));
  }

  /** Removes the driver's subscription of the endpoint; false when the driver has none. */
  public Future<Boolean> unsubscribe(Scope scope, String endpoint) {
    return subscriptions.unsubscribe(scope, endpoint);
  }

  /**
   * Sends a test notification to every subscription of the driver of the scope, whatever the
   * preferences say (the driver asked for it), and waits for the push services' answers.
   */
  public Future<TestResult> test(Scope scope) {
    Scope.Driver d = scope.requireDriver();
    JsonObject notification = PushNotifications.test(clock.instant());
    return subscriptions.ofDriver(d.networkId(), d.driverId())
        .compose(subs -> sendAll(subs, notification).map(sent -> new TestResult(sent, subs.size())));
  }

  /**
   * Sends a notification about an event ({@code sessionStarted}, {@code sessionStopped}...) to the
   * driver's subscriptions when the driver's preferences allow push for it; completes with how many
   * push services accepted it.
   */
  public Future<Integer> notify(UUID networkId, UUID driverId, String event, JsonObject notification) {
    return preferences.find(Scope.driver(networkId, driverId)).compose(found -> {
      if (found.isEmpty() || !allows(found.get(), event)) {
        return Future.succeededFuture(0);
      }
      return subscriptions.ofDriver(networkId, driverId).compose(subs -> sendAll(subs, notification));
    });
  }

  /**
   * A session event for the driver whose token started the session, as {@link #notify} does; none
   * for sessions of tokens no driver owns.
   */
  public Future<Integer> notifySession(UUID sessionId, String event, JsonObject notification) {
    return subscriptions.driverOfSession(sessionId).compose(owner -> owner.isEmpty() ? Future.succeededFuture(0)
        : notify(owner.get().networkId(), owner.get().driverId(), event, notification));
  }

  private static boolean allows(NotificationPreferenceQueries.Stored stored, String event) {
    NotificationPreferences p = NotificationPreferences.stored(stored.channels(), stored.events(),
        stored.contactEmail(), stored.contactPhone());
    return Boolean.TRUE.equals(p.channels().get("push")) && Boolean.TRUE.equals(p.events().get(event));
  }

  /** Sends to each in parallel; a gone subscription is forgotten. Completes with the number accepted. */
  private Future<Integer> sendAll(List<Subscription> subs, JsonObject notification) {
    WebPushSender s = Objects.requireNonNull(sender, "DriverPush.start() first");
    List<Future<WebPushSender.Outcome>> sends = subs.stream().map(sub -> s.send(sub, notification)
        .compose(outcome -> outcome != WebPushSender.Outcome.GONE ? Future.succeededFuture(outcome)
            : forget(sub).map(outcome))).toList();
    return Future.join(sends).otherwiseEmpty().map(v -> (int) sends.stream()
        .filter(f -> f.succeeded() && f.result() == WebPushSender.Outcome.SENT).count());
  }

  private Future<Boolean> forget(Subscription sub) {
    return subscriptions.forget(sub.id(), sub.p256dh())
        .onSuccess(gone -> LOG.info("event=push_subscription_gone subscription={} driver={}", sub.id(), sub.driverId()))
        .otherwise(e -> {
          LOG.warn("event=push_subscription_forget_failed subscription={} error={}", sub.id(), e.toString());
          return false;
        });
  }
}
