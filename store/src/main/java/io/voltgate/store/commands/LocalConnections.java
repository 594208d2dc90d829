package io.voltgate.store.commands;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import java.util.Objects;

/**
 * This process's index of the chargers whose sockets it holds: chargePointId → the event-bus address
 * of the gateway verticle holding the socket, and the connection's id. One map entry per connection
 * instead of an event-bus consumer per charger and a broadcast to every event loop at each connect.
 * Backed by a Vert.x {@link LocalMap} (thread-safe, shared by the verticles of one Vert.x instance).
 */
public final class LocalConnections {

  private static final String MAP = "voltgate.connections";
  private static final char SEPARATOR = '\n';

  /** Where a charger's socket is held in this process. */
  public record Holder(String address, String connectionId) {

    String encode() {
      return address + SEPARATOR + connectionId;
    }

    static Holder decode(String value) {
      if (value == null) {
        return null;
      }
      int i = value.indexOf(SEPARATOR);
      return new Holder(value.substring(0, i), value.substring(i + 1));
    }
  }

  private final LocalMap<String, String> map;

  private LocalConnections(LocalMap<String, String> map) {
    this.map = Objects.requireNonNull(map);
  }

  /** The index of this Vert.x instance (the same for every verticle in it). */
  public static LocalConnections of(Vertx vertx) {
    return new LocalConnections(vertx.sharedData().getLocalMap(MAP));
  }

  /** Records a new connection; answers the one it replaced, or null. */
  public Holder register(String chargePointId, Holder holder) {
    return Holder.decode(map.put(chargePointId, holder.encode()));
  }

  /** Removes the entry only if it still names this connection (a newer one is left alone). */
  public void unregister(String chargePointId, Holder holder) {
    map.removeIfPresent(chargePointId, holder.encode());
  }

  /** Where the charger's socket is held in this process, or null. */
  public Holder find(String chargePointId) {
    return Holder.decode(map.get(chargePointId));
  }

  /** Calls {@code action} with each charger held in this process and where it is held. */
  public void forEach(java.util.function.BiConsumer<String, Holder> action) {
    map.forEach((cp, value) -> action.accept(cp, Holder.decode(value)));
  }

  public int size() {
    return map.size();
  }
}
