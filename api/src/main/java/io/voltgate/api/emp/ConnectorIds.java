package io.voltgate.api.emp;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.UUID;

/**
 * The EMP API's public connector id (docs/emp-sessions.md): the connector's UUID as its 16 bytes in
 * standard Base64, the form of the seed's {@code abcJd/vR5fvzBa0X/gxaXA==}. Opaque to partners,
 * stable for the connector's life, and needing no column of its own.
 */
final class ConnectorIds {

  private ConnectorIds() {
  }

  static String encode(UUID connector) {
    return Base64.getEncoder().encodeToString(ByteBuffer.allocate(16).putLong(connector.getMostSignificantBits())
        .putLong(connector.getLeastSignificantBits()).array());
  }

  /** The connector a public id names, or null when the text is no public connector id. */
  static UUID decode(String id) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(id);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (bytes.length != 16) {
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    return new UUID(b.getLong(), b.getLong());
  }
}
