package io.voltgate.services.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which addresses a webhook must never reach by default: everything that is not a public unicast
 * address (loopback, private, shared, link-local, unique-local, multicast, reserved...), also when
 * an IPv4 address hides inside an IPv6 one (mapped, compatible, NAT64, 6to4, Teredo), and the
 * cloud metadata services. Pure; no I/O.
 */
final class AddressRules {

  /** Cloud instance-metadata host names; refused whatever the allowlist says. */
  private static final Set<String> METADATA_HOSTS = Set.of("metadata.google.internal", "metadata.goog", "metadata",
      "instance-data", "instance-data.ec2.internal");

  private static final List<Cidr> PRIVATE_V4 = Cidr.list(
      "0.0.0.0/8", // "this network", 0.0.0.0 unspecified
      "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", // RFC 1918
      "100.64.0.0/10", // shared address space (CGNAT)
      "127.0.0.0/8", // loopback
      "169.254.0.0/16", // link-local
      "192.0.0.0/24", // IETF protocol assignments
      "192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", // documentation
      "192.88.99.0/24", // 6to4 relay anycast
      "198.18.0.0/15", // benchmarking
      "224.0.0.0/4", // multicast
      "240.0.0.0/4"); // reserved, and 255.255.255.255 broadcast

  private static final List<Cidr> PRIVATE_V6 = Cidr.list(
      "::/128", "::1/128", // unspecified, loopback
      "64:ff9b:1::/48", // local-use NAT64
      "100::/64", // discard-only
      "2001:db8::/32", // documentation
      "2001:10::/28", "2001:20::/28", // ORCHID
      "fc00::/7", // unique local
      "fe80::/10", // link-local
      "fec0::/10", // site-local (deprecated)
      "ff00::/8"); // multicast

  private static final List<Cidr> METADATA = Cidr.list("169.254.169.254/32", "169.254.170.2/32",
      "100.100.100.200/32", "fd00:ec2::254/128");

  private AddressRules() {
  }

  /** Whether the host name is a cloud metadata service's. */
  static boolean isMetadataHost(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    while (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    return METADATA_HOSTS.contains(h);
  }

  /** Whether the address is (or embeds) a cloud metadata address. */
  static boolean isMetadata(InetAddress a) {
    InetAddress v4 = embeddedV4(a);
    return METADATA.stream().anyMatch(c -> c.contains(a) || (v4 != null && c.contains(v4)));
  }

  /** Whether the address is not a public unicast address (or embeds one that is not). */
  static boolean isNonPublic(InetAddress a) {
    if (a instanceof Inet4Address) {
      return PRIVATE_V4.stream().anyMatch(c -> c.contains(a));
    }
    if (PRIVATE_V6.stream().anyMatch(c -> c.contains(a))) {
      return true;
    }
    InetAddress v4 = embeddedV4(a);
    return v4 != null && isNonPublic(v4);
  }

  /**
   * The IPv4 address an IPv6 address carries: IPv4-mapped {@code ::ffff:a.b.c.d}, IPv4-compatible
   * {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::a.b.c.d}, 6to4 {@code 2002:AABB:CCDD::} and Teredo
   * (the client's address, inverted). Null for other addresses.
   */
  static InetAddress embeddedV4(InetAddress a) {
    if (!(a instanceof Inet6Address)) {
      return null;
    }
    byte[] b = a.getAddress();
    boolean zeros80 = allZero(b, 0, 10);
    if (zeros80 && ((b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0))) {
      return v4(Arrays.copyOfRange(b, 12, 16));
    }
    if (b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b && allZero(b, 4, 12)) {
      return v4(Arrays.copyOfRange(b, 12, 16));
    }
    if (b[0] == 0x20 && b[1] == 0x02) {
      return v4(Arrays.copyOfRange(b, 2, 6));
    }
    if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) {
      byte[] client = Arrays.copyOfRange(b, 12, 16);
      for (int i = 0; i < 4; i++) {
        client[i] = (byte) ~client[i];
      }
      return v4(client);
    }
    return null;
  }

  private static boolean allZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static InetAddress v4(byte[] b) {
    try {
      return InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
