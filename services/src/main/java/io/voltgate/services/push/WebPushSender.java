package io.voltgate.services.push;

import com.interaso.webpush.WebPush;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.voltgate.services.webhooks.WebhookUrls;
import io.voltgate.store.query.PushSubscriptionQueries.Subscription;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one notification to one subscription: the library encrypts the payload (RFC 8291,
 * {@code aes128gcm}) and signs the VAPID header (RFC 8292) on a worker thread; Vert.x's client POSTs
 * it to the endpoint's address as vetted by the webhook rules ({@link WebhookUrls}, checked again at
 * every send since a name may resolve elsewhere by then), without following redirects.
 */
final class WebPushSender {

  /** How a push service answered. */
  enum Outcome {
    /** Accepted (2xx). */
    SENT,
    /** 404 or 410: the subscription no longer exists at the push service. */
    GONE,
    /** Anything else (refused endpoint, timeout, 4xx/5xx): this notification is lost, the subscription kept. */
    FAILED
  }

  private static final Logger LOG = LoggerFactory.getLogger(WebPushSender.class);

  /** Notifications are about a session now: a push service may keep one for a day, no longer. */
  private static final int TTL_SECONDS = 24 * 3600;

  private final Vertx vertx;
  private final WebClient http;
  private final WebhookUrls urls;
  private final WebPush webPush;
  private final long timeoutMs;

  WebPushSender(Vertx vertx, WebClient http, WebhookUrls urls, WebPush webPush, long timeoutMs) {
    this.vertx = Objects.requireNonNull(vertx);
    this.http = Objects.requireNonNull(http);
    this.urls = Objects.requireNonNull(urls);
    this.webPush = Objects.requireNonNull(webPush);
    this.timeoutMs = timeoutMs;
  }

  /** Never fails: a refused or failed send is {@link Outcome#FAILED}. */
  Future<Outcome> send(Subscription s, JsonObject notification) {
    return urls.vet(s.endpoint())
        .compose(vetted -> vertx.executeBlocking(() -> encrypt(s, notification), false)
            .compose(request -> {
              HttpRequest<Buffer> post = http.request(HttpMethod.POST, vetted.server(), vetted.request())
                  .timeout(timeoutMs);
              request.headers().forEach(post::putHeader);
              return post.sendBuffer(Buffer.buffer(request.body()));
            }))
        .map(response -> {
          int status = response.statusCode();
          if (status >= 200 && status < 300) {
            return Outcome.SENT;
          }
          if (status == 404 || status == 410) {
            return Outcome.GONE;
          }
          LOG.info("event=push_refused subscription={} status={}", s.id(), status);
          return Outcome.FAILED;
        })
        .otherwise(e -> {
          LOG.info("event=push_failed subscription={} error={}", s.id(), e.toString());
          return Outcome.FAILED;
        });
  }

  private record Encrypted(Map<String, String> headers, byte[] body) {
  }

  private Encrypted encrypt(Subscription s, JsonObject notification) {
    Base64.Decoder b64 = Base64.getUrlDecoder();
    byte[] body = webPush.getBody(notification.encode().getBytes(StandardCharsets.UTF_8),
        b64.decode(SubscriptionKeys.unpadded(s.p256dh())), b64.decode(SubscriptionKeys.unpadded(s.auth())));
    return new Encrypted(webPush.getHeaders(s.endpoint(), TTL_SECONDS, null, WebPush.Urgency.Normal), body);
  }
}
