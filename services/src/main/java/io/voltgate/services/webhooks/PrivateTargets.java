package io.voltgate.services.webhooks;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The explicit allowlist of non-public webhook targets ({@code VOLTGATE_WEBHOOK_ALLOWED_PRIVATE_TARGETS}):
 * address blocks and host names an operator trusts although they resolve to loopback or private
 * addresses. Empty by default. Metadata services stay refused even when listed.
 */
public final class PrivateTargets {

  /** Nothing but public addresses. */
  public static final PrivateTargets NONE = new PrivateTargets(List.of(), Set.of());

  private final List<Cidr> blocks;
  private final Set<String> hosts;

  private PrivateTargets(List<Cidr> blocks, Set<String> hosts) {
    this.blocks = List.copyOf(blocks);
    this.hosts = Set.copyOf(hosts);
  }

  /**
   * Comma-separated CIDR blocks, IP addresses and host names, e.g.
   * {@code 10.20.0.0/16,hooks.corp.example}.
   *
   * @throws IllegalArgumentException on an entry that is neither
   */
  public static PrivateTargets parse(String csv) {
    if (csv == null || csv.isBlank()) {
      return NONE;
    }
    List<Cidr> blocks = new ArrayList<>();
    Set<String> hosts = new LinkedHashSet<>();
    for (String raw : csv.split(",")) {
      String entry = raw.trim();
      if (entry.isEmpty()) {
        continue;
      }
      if (Cidr.isIpLiteral(entry.contains("/") ? entry.substring(0, entry.indexOf('/')) : entry)) {
        blocks.add(Cidr.parse(entry));
      } else if (entry.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?\\.?")) {
        hosts.add(normalise(entry));
      } else {
        throw new IllegalArgumentException(entry + " is neither a host name nor an IP address or CIDR block");
      }
    }
    return new PrivateTargets(blocks, hosts);
  }

  /** Whether the host name itself is listed (case-insensitive, trailing dot ignored). */
  boolean allowsHost(String host) {
    return hosts.contains(normalise(host));
  }

  /** Whether a listed block contains the address. */
  boolean allowsAddress(InetAddress a) {
    return blocks.stream().anyMatch(c -> c.contains(a));
  }

  boolean isEmpty() {
    return blocks.isEmpty() && hosts.isEmpty();
  }

  private static String normalise(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }
}
