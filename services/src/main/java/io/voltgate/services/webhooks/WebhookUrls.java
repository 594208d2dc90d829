package io.voltgate.services.webhooks;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.voltgate.services.Refusal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Which webhook targets are acceptable, checked when a subscription is created or its URL changed
 * and again before every delivery (a name may resolve elsewhere by then): {@code http(s)} URLs
 * without credentials whose host resolves only to public unicast addresses (see
 * {@link AddressRules}); plain {@code http} and non-public addresses only for targets on the
 * operator's allowlist ({@link PrivateTargets}); metadata services never. The host is resolved
 * once, on a small worker pool of its own, and delivery connects to the address that was vetted.
 */
public final class WebhookUrls {

  /** A URL taken apart; {@code host} without IPv6 brackets, {@code port} made explicit. */
  public record Target(String host, int port, boolean ssl, String requestUri) {
  }

  /** A target and the vetted address to connect to (web push uses it too). */
  public record Vetted(Target target, InetAddress address) {

    /** Where to connect: the vetted address itself, so the host name is never resolved again. */
    public SocketAddress server() {
      return SocketAddress.inetSocketAddress(new InetSocketAddress(address, target.port()));
    }

    /** The request as the URL names it: Host header, TLS SNI and certificate checks use its host. */
    public RequestOptions request() {
      return new RequestOptions().setHost(target.host()).setPort(target.port()).setSsl(target.ssl())
          .setURI(target.requestUri()).setFollowRedirects(false);
    }
  }

  /** Why a target is refused; delivery records the outcome class, the API a 400. */
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    enum Reason { INVALID, UNRESOLVED, NON_PUBLIC, PLAIN_HTTP }

    final Reason reason;

    Refused(Reason reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }
  }

  /** Threads for host lookups, shared by the process: a slow resolver never starves other blocking work. */
  private static final String RESOLVER_POOL = "voltgate-webhook-dns";
  private static final int RESOLVER_THREADS = 4;

  private final WorkerExecutor resolver;
  private final PrivateTargets allowed;

  /** Created in a verticle, the lookup pool is released when the verticle is undeployed. */
  public WebhookUrls(Vertx vertx, PrivateTargets allowed) {
    this.resolver = vertx.createSharedWorkerExecutor(RESOLVER_POOL, RESOLVER_THREADS);
    this.allowed = Objects.requireNonNull(allowed);
  }

  /** Completes when the URL is acceptable, else fails with a {@link Refusal} naming {@code url}. */
  public Future<Void> check(String url) {
    return check(url, "url");
  }

  /**
   * Completes when the URL is acceptable, else fails with a {@link Refusal} naming {@code field}
   * (web push checks a subscription's {@code endpoint} with the same rules).
   */
  public Future<Void> check(String url, String field) {
    return vet(url).<Void>mapEmpty().recover(e -> Future.failedFuture(e instanceof Refused r ? switch (r.reason) {
      // parse() words its messages for the webhook field "url".
      case INVALID -> Refusal.invalid(field, field + r.getMessage().substring("url".length()));
      case PLAIN_HTTP -> Refusal.invalid(field, field + " must use https");
      // One answer whether the name does not resolve or resolves to an internal address, so the
      // API is no oracle for internal DNS.
      case UNRESOLVED, NON_PUBLIC -> Refusal.invalid(field,
          field + " must name a host that resolves to public addresses only");
    } : e));
  }

  /**
   * Parses, resolves and vets the URL. Completes with the address to connect to; fails with
   * {@link Refused} when any address of the host is refused, or the URL is not acceptable.
   */
  public Future<Vetted> vet(String url) {
    Target target;
    try {
      target = parse(url);
    } catch (Refused e) {
      return Future.failedFuture(e);
    }
    if (AddressRules.isMetadataHost(target.host())) {
      return Future.failedFuture(new Refused(Refused.Reason.NON_PUBLIC, "metadata host"));
    }
    Future<InetAddress[]> resolved;
    if (Cidr.isIpLiteral(target.host())) {
      try {
        // An IP literal is parsed, not looked up: no DNS, so no worker thread needed.
        resolved = Future.succeededFuture(InetAddress.getAllByName(target.host()));
      } catch (UnknownHostException e) {
        return Future.failedFuture(new Refused(Refused.Reason.INVALID, "url has an invalid IP address"));
      }
    } else {
      resolved = resolver.executeBlocking(() -> InetAddress.getAllByName(target.host()), false)
          .recover(e -> Future.failedFuture(new Refused(Refused.Reason.UNRESOLVED, "host does not resolve")));
    }
    return resolved.compose(addresses -> decide(target, List.of(addresses)));
  }

  private Future<Vetted> decide(Target target, List<InetAddress> addresses) {
    if (addresses.isEmpty()) {
      return Future.failedFuture(new Refused(Refused.Reason.UNRESOLVED, "host does not resolve"));
    }
    boolean hostListed = allowed.allowsHost(target.host());
    boolean allListed = true;
    for (InetAddress a : addresses) {
      if (AddressRules.isMetadata(a)) {
        return Future.failedFuture(new Refused(Refused.Reason.NON_PUBLIC, "metadata address"));
      }
      boolean listed = hostListed || allowed.allowsAddress(a);
      if (AddressRules.isNonPublic(a) && !listed) {
        return Future.failedFuture(new Refused(Refused.Reason.NON_PUBLIC, "non-public address"));
      }
      allListed &= listed;
    }
    if (!target.ssl() && !allListed) {
      return Future.failedFuture(new Refused(Refused.Reason.PLAIN_HTTP, "plain http to a target not on the allowlist"));
    }
    return Future.succeededFuture(new Vetted(target, addresses.get(0)));
  }

  /** The URL's parts, or {@link Refused} (INVALID) when it is no http(s) URL without credentials. */
  static Target parse(String url) {
    URI uri;
    try {
      uri = new URI(url == null ? "" : url);
    } catch (URISyntaxException e) {
      throw new Refused(Refused.Reason.INVALID, "url is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new Refused(Refused.Reason.INVALID, "url must be an https:// URL");
    }
    // A URI whose authority does not parse as a server (e.g. odd user info) has no host.
    if (uri.getRawUserInfo() != null || uri.getHost() == null || (uri.getRawAuthority() != null
        && uri.getRawAuthority().contains("@"))) {
      throw new Refused(Refused.Reason.INVALID, "url must name a host and carry no credentials");
    }
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    boolean ssl = scheme.equals("https");
    int port = uri.getPort() < 0 ? (ssl ? 443 : 80) : uri.getPort();
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String requestUri = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    return new Target(host, port, ssl, requestUri);
  }
}
