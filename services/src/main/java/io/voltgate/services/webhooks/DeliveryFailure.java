package io.voltgate.services.webhooks;

import io.vertx.core.http.HttpClosedException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * The outcome class recorded for a failed attempt ({@code webhook_deliveries.last_error}, shown by
 * the deliveries API): a short fixed word, never the network error's text, which could describe
 * hosts and services behind the platform.
 */
final class DeliveryFailure {

  static final String REFUSED_ADDRESS = "refused_address";
  static final String DNS_FAILED = "dns_failed";
  static final String TIMEOUT = "timeout";
  static final String TLS_ERROR = "tls_error";
  static final String CONNECT_FAILED = "connect_failed";
  static final String CONNECTION_CLOSED = "connection_closed";
  static final String NETWORK_ERROR = "network_error";

  private DeliveryFailure() {
  }

  /** {@code http_3xx}, {@code http_4xx}, {@code http_5xx}... for an answer that is not 2xx. */
  static String ofStatus(int status) {
    return "http_" + (status / 100) + "xx";
  }

  /** The class of an attempt that got no HTTP answer. */
  static String of(Throwable failure) {
    if (failure instanceof WebhookUrls.Refused r) {
      return r.reason == WebhookUrls.Refused.Reason.UNRESOLVED ? DNS_FAILED : REFUSED_ADDRESS;
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      // Netty's ConnectTimeoutException is a ConnectException: timeouts first.
      if (t instanceof TimeoutException || t.getClass().getSimpleName().contains("Timeout")) {
        return TIMEOUT;
      }
      if (t instanceof SSLException) {
        return TLS_ERROR;
      }
      if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
        return CONNECT_FAILED;
      }
      if (t instanceof HttpClosedException) {
        return CONNECTION_CLOSED;
      }
    }
    return NETWORK_ERROR;
  }
}
