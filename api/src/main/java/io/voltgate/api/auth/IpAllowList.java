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
