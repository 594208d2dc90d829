package io.voltgate.services.webhooks;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** An address block ({@code 10.0.0.0/8}, {@code fc00::/7}; a bare address is a block of one). */
record Cidr(byte[] network, int prefix) {

  /**
   * Parses an IP literal with an optional prefix length; never consults DNS.
   *
   * @throws IllegalArgumentException when it is not one
   */
  static Cidr parse(String text) {
    String t = text.trim();
    int slash = t.indexOf('/');
    String ip = slash < 0 ? t : t.substring(0, slash);
    if (!isIpLiteral(ip)) {
      throw new IllegalArgumentException(text + " is not an IP address or CIDR block");
    }
    byte[] address;
    try {
      address = InetAddress.getByName(ip).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(text + " is not an IP address or CIDR block");
    }
    int max = address.length * 8;
    int prefix;
    try {
      prefix = slash < 0 ? max : Integer.parseInt(t.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(text + " has an invalid prefix length");
    }
    if (prefix < 0 || prefix > max) {
      throw new IllegalArgumentException(text + " has an invalid prefix length");
    }
    return new Cidr(address, prefix);
  }

  static List<Cidr> list(String... blocks) {
    return java.util.Arrays.stream(blocks).map(Cidr::parse).toList();
  }

  /**
   * Whether the text is an IPv4 dotted quad (octets up to 255) or contains a colon (IPv6), so that parsing it can
   * never start a DNS lookup.
   */
  static boolean isIpLiteral(String s) {
    if (s.contains(":")) {
      return true;
    }
    if (!s.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      return false;
    }
    for (String octet : s.split("\\.")) {
      if (Integer.parseInt(octet) > 255) {
        return false;
      }
    }
    return true;
  }

  /** Whether the address is in this block (an IPv4 block never contains an IPv6 address). */
  boolean contains(InetAddress a) {
    byte[] b = a.getAddress();
    if (b.length != network.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (b[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (b[full] & mask) == (network[full] & mask);
  }
}
