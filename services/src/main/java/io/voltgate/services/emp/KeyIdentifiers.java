package io.voltgate.services.emp;

import io.voltgate.services.Refusal;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The mapping between an EMP {@code keyIdentifier} and the idTag a charger presents. The partner
 * sends the key's UID as hexadecimal in little-endian byte order ({@code e0e03336}); chargers send
 * the UID bytes most significant first, in upper case hex ({@code 3633E0E0}). So the bytes are
 * reversed and upper-cased to give the stored idTag, and the API shows that idTag in lower case
 * ({@code 3633e0e0}) as the seed's example answers do.
 */
public final class KeyIdentifiers {

  /** Whole bytes, at most 10: an OCPP 1.6 idTag holds 20 characters. */
  private static final Pattern HEX = Pattern.compile("^(?:[0-9A-Fa-f]{2}){1,10}$");

  private KeyIdentifiers() {
  }

  /** The idTag of a little-endian key identifier; a malformed one is refused (400). */
  public static String toIdTag(String littleEndianHex) {
    if (littleEndianHex == null || !HEX.matcher(littleEndianHex).matches()) {
      throw Refusal.invalid("keyIdentifier",
          "keyIdentifier must be hexadecimal whole bytes (2 to 20 hex digits), in little-endian byte order");
    }
    StringBuilder idTag = new StringBuilder(littleEndianHex.length());
    for (int i = littleEndianHex.length() - 2; i >= 0; i -= 2) {
      idTag.append(littleEndianHex, i, i + 2);
    }
    return idTag.toString().toUpperCase(Locale.ROOT);
  }

  /**
   * The idTags a {@code keyIdentifier} given elsewhere (a remote start) may stand for, in order: a
   * charging key's (bytes reversed) when it is whole hex bytes, then the value as given (any other
   * token's uid, e.g. an eMSP token used as a key).
   */
  public static List<String> candidates(String keyIdentifier) {
    if (keyIdentifier == null || !HEX.matcher(keyIdentifier).matches()) {
      return keyIdentifier == null ? List.of() : List.of(keyIdentifier);
    }
    String idTag = toIdTag(keyIdentifier);
    return idTag.equals(keyIdentifier) ? List.of(idTag) : List.of(idTag, keyIdentifier);
  }

  /** How the API shows a key's idTag. */
  public static String shown(String idTag) {
    return idTag.toLowerCase(Locale.ROOT);
  }
}
