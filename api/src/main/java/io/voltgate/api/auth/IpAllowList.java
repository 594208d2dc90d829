package io.voltgate.api.auth;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Allowed-IP entries: single addresses or CIDR ranges, IPv4 or IPv6. */
public final class IpAllowList {

  private IpAllowList() {
  }

  public static boolean allows(List<String> entries, String ip) {
    for (String entry : entries) {
      if (matches(entry.trim(), ip)) {
        return true;
      }
    }
    return false;
  }

  /** Whether an entry is a literal IP or CIDR (no host names: they would need DNS). */
  public static boolean valid(String entry) {
    try {
      String[] parts = entry.trim().split("/", 2);
      if (!parts[0].matches("[0-9a-fA-F:.]+")) {
        return false;
      }
      InetAddress a = InetAddress.getByName(parts[0]);
      if (parts.length == 2) {
        int bits = Integer.parseInt(parts[1]);
        return bits >= 0 && bits <= a.getAddress().length * 8;
      }
      return true;
    } catch (UnknownHostException | NumberFormatException e) {
      return false;
    }
  }

  /**
   * Whether every address of {@code inner} (an address or CIDR range) lies in one of the
   * {@code outers}: a minted key's allow-list must stay inside its minter's.
   */
  public static boolean covers(List<String> outers, String inner) {
    for (String outer : outers) {
      if (contains(outer.trim(), inner.trim())) {
        return true;
      }
    }
    return false;
  }

  /** Whether the range {@code inner} is inside the range {@code outer} (same address family). */
  static boolean contains(String outer, String inner) {
    try {
      String[] o = outer.split("/", 2);
      String[] i = inner.split("/", 2);
      int outerLength = InetAddress.getByName(o[0]).getAddress().length;
      int innerLength = InetAddress.getByName(i[0]).getAddress().length;
      if (outerLength != innerLength) {
        return false;
      }
      int outerBits = o.length == 2 ? Integer.parseInt(o[1]) : outerLength * 8;
      int innerBits = i.length == 2 ? Integer.parseInt(i[1]) : innerLength * 8;
      // A narrower-or-equal prefix whose network address the outer range matches.
      return innerBits >= outerBits && matches(outer, i[0]);
    } catch (UnknownHostException | NumberFormatException e) {
      return false;
    }
  }

  static boolean matches(String entry, String ip) {
    try {
      String[] parts = entry.split("/", 2);
      byte[] net = InetAddress.getByName(parts[0]).getAddress();
      byte[] addr = InetAddress.getByName(ip).getAddress();
      if (net.length != addr.length) {
        return false;
      }
      int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : net.length * 8;
      BigInteger mask = bits == 0 ? BigInteger.ZERO
          : BigInteger.ONE.shiftLeft(net.length * 8).subtract(BigInteger.ONE)
              .xor(BigInteger.ONE.shiftLeft(net.length * 8 - bits).subtract(BigInteger.ONE));
      return new BigInteger(1, net).and(mask).equals(new BigInteger(1, addr).and(mask));
    } catch (UnknownHostException | NumberFormatException e) {
      return false;
    }
  }
}
