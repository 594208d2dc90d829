package io.voltgate.api.sse;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The long-lived responses of one HTTP verticle (event streams, the OCPP message log's live tails) by
 * the API key that opened them, so that revoking a key ends them all. Confined to the verticle's event
 * loop.
 */
public final class OpenStreams {

  private record Open(UUID keyId, Runnable end) {
  }

  private final Map<Object, Open> open = new LinkedHashMap<>();

  /**
   * Records an open stream.
   *
   * @param end ends the stream (called at most once, on revocation)
   * @return forgets the stream; call it when the stream ends for any reason
   */
  public Runnable add(UUID keyId, Runnable end) {
    Object handle = new Object();
    open.put(handle, new Open(keyId, end));
    return () -> open.remove(handle);
  }

  /** Ends every open stream of a revoked key. */
  public void endStreamsOf(UUID keyId) {
    for (Open o : List.copyOf(open.values())) {
      if (o.keyId().equals(keyId)) {
        o.end().run();
      }
    }
    open.values().removeIf(o -> o.keyId().equals(keyId));
  }

  /** The API keys with a stream open here. */
  public Set<UUID> keys() {
    Set<UUID> keys = new HashSet<>();
    open.values().forEach(o -> keys.add(o.keyId()));
    return keys;
  }
}
