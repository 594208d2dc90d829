package io.voltgate.store.model;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * eMI3 contract ids (eMA-IDs) in the form {@code CC-PPP-XXXXXXXXX-C}: country, provider, a
 * nine-character instance and the check digit of "Check Digit Calculation for Contract-IDs" (eMI3,
 * also used by ISO 15118). The check digit works on the 14 characters without dashes: each character
 * (0–9, A–Z as 0–35) splits into a pair over Z2 (value ÷ 9) and a pair over Z3 (value mod 9); pair i
 * is multiplied by the i-th power of a fixed matrix over Z2 (order 3) and over Z3 (order 8), and the
 * check character is the one that makes both sums, position 15 included, zero.
 */
public final class ContractIds {

  private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final Pattern SHAPE = Pattern.compile("^[A-Z]{2}-?[A-Z0-9]{3}-?[A-Z0-9]{9}-?[A-Z0-9]$");
  private static final int[][] P1 = {{0, 1}, {1, 1}};
  private static final int[][] P2 = {{0, 1}, {1, 2}};
  private static final SecureRandom RANDOM = new SecureRandom();

  private ContractIds() {
  }

  /** The check character of 14 characters (country, provider and instance, no dashes). */
  public static char checkDigit(String fourteen) {
    String s = fourteen.toUpperCase(Locale.ROOT);
    if (s.length() != 14) {
      throw new IllegalArgumentException("14 characters expected: " + fourteen);
    }
    int[] q = {0, 0};
    int[] r = {0, 0};
    int[][] p1 = P1;
    int[][] p2 = P2;
    for (int i = 0; i < 14; i++) {
      int v = ALPHABET.indexOf(s.charAt(i));
      if (v < 0) {
        throw new IllegalArgumentException("only 0-9 and A-Z: " + fourteen);
      }
      add(q, times(p1, v / 9 / 2, v / 9 % 2, 2), 2);
      add(r, times(p2, v % 9 / 3, v % 9 % 3, 3), 3);
      p1 = multiply(p1, P1, 2);
      p2 = multiply(p2, P2, 3);
    }
    // Position 15 carries P1^15 and P2^15: solve M·x = −sum for x in each ring.
    int[] qx = solve(p1, (2 - q[0]) % 2, (2 - q[1]) % 2, 2);
    int[] rx = solve(p2, (3 - r[0]) % 3, (3 - r[1]) % 3, 3);
    return ALPHABET.charAt((qx[0] * 2 + qx[1]) * 9 + rx[0] * 3 + rx[1]);
  }

  /** A new contract id for a provider: {@code CC-PPP-} + nine random characters + check digit. */
  public static String generate(String country, String provider) {
    StringBuilder instance = new StringBuilder(9);
    for (int i = 0; i < 9; i++) {
      instance.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    String body = country.toUpperCase(Locale.ROOT) + provider.toUpperCase(Locale.ROOT) + instance;
    return country.toUpperCase(Locale.ROOT) + "-" + provider.toUpperCase(Locale.ROOT) + "-" + instance + "-"
        + checkDigit(body);
  }

  /** Whether a contract id has the eMI3 shape (dashes optional) and a correct check digit. */
  public static boolean valid(String contractId) {
    if (contractId == null) {
      return false;
    }
    String s = contractId.toUpperCase(Locale.ROOT);
    if (!SHAPE.matcher(s).matches()) {
      return false;
    }
    String bare = s.replace("-", "");
    return checkDigit(bare.substring(0, 14)) == bare.charAt(14);
  }

  private static int[] times(int[][] m, int a, int b, int mod) {
    return new int[] {(m[0][0] * a + m[0][1] * b) % mod, (m[1][0] * a + m[1][1] * b) % mod};
  }

  private static void add(int[] sum, int[] v, int mod) {
    sum[0] = (sum[0] + v[0]) % mod;
    sum[1] = (sum[1] + v[1]) % mod;
  }

  private static int[][] multiply(int[][] a, int[][] b, int mod) {
    int[][] c = new int[2][2];
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        c[i][j] = (a[i][0] * b[0][j] + a[i][1] * b[1][j]) % mod;
      }
    }
    return c;
  }

  /** The x with m·x = (a, b) over Z_mod (m invertible): tried exhaustively, the rings are tiny. */
  private static int[] solve(int[][] m, int a, int b, int mod) {
    for (int x = 0; x < mod; x++) {
      for (int y = 0; y < mod; y++) {
        int[] v = times(m, x, y, mod);
        if (v[0] == a && v[1] == b) {
          return new int[] {x, y};
        }
      }
    }
    throw new IllegalStateException("singular check matrix");
  }
}
