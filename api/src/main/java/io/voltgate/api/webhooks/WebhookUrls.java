package io.voltgate.api.webhooks;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.voltgate.api.http.ApiException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

/**
 * Which webhook URLs are acceptable: HTTPS only; never link-local or cloud metadata addresses (the
 * host is resolved and every address checked); loopback only when
 * {@code VOLTGATE_WEBHOOK_ALLOW_HTTP_LOOPBACK=true}, and then plain HTTP too.
 */
public final class WebhookUrls {

  private static final Set<String> METADATA_HOSTS = Set.of("metadata.google.internal", "metadata", "instance-data");

  private WebhookUrls() {
  }

  /** Completes when the URL is acceptable, else fails with a 400 naming {@code url}. */
  public static Future<Void> check(Vertx vertx, String url, boolean allowLoopback) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return Future.failedFuture(ApiException.badRequest("url", "url is not a valid URL"));
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost();
    if (host == null || (!scheme.equals("https") && !scheme.equals("http")) || uri.getUserInfo() != null) {
      return Future.failedFuture(ApiException.badRequest("url", "url must be an https:// URL without credentials"));
    }
    if (METADATA_HOSTS.contains(host.toLowerCase(Locale.ROOT))) {
      return Future.failedFuture(ApiException.badRequest("url", "url points at a metadata service"));
    }
    String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    return vertx.executeBlocking(() -> InetAddress.getAllByName(h), false)
        .recover(e -> Future.failedFuture(e instanceof UnknownHostException
            ? ApiException.badRequest("url", "the host of url does not resolve") : e))
        .compose(addresses -> {
          boolean loopback = false;
          for (InetAddress a : addresses) {
            if (a.isLinkLocalAddress() || isMetadata(a) || a.isAnyLocalAddress() || a.isMulticastAddress()) {
              return Future.failedFuture(ApiException.badRequest("url", "url resolves to a link-local or metadata address"));
            }
            loopback |= a.isLoopbackAddress();
          }
          if (loopback && !allowLoopback) {
            return Future.failedFuture(ApiException.badRequest("url", "url resolves to a loopback address"));
          }
          if (!scheme.equals("https") && !(loopback && allowLoopback)) {
            return Future.failedFuture(ApiException.badRequest("url", "url must use https"));
          }
          return Future.succeededFuture();
        });
  }

  private static boolean isMetadata(InetAddress a) {
    byte[] b = a.getAddress();
    if (b.length == 4) {
      return (b[0] & 0xff) == 169 && (b[1] & 0xff) == 254;
    }
    // fd00:ec2::254 (AWS IPv6 metadata) and IPv4-mapped link-local
    return a instanceof Inet6Address && (a.getHostAddress().startsWith("fd00:ec2:")
        || a.getHostAddress().toLowerCase(Locale.ROOT).contains("169.254."));
  }
}
