package io.voltgate.store.query;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Whose data a query may read or change: a set of networks, every network (a first-party or
 * platform caller), or one driver. Every query method on network-owned data takes a scope, and
 * {@link #networkPredicate} is the only place the network condition is written, so tenant isolation
 * is decided once.
 *
 * <p>A driver scope matches no network-wide row: a query that serves drivers must ask for
 * {@link #driverToken()} explicitly. Anything else answers as if the row did not exist.
 */
public sealed interface Scope {

  /** Every network. */
  static Scope unrestricted() {
    return All.INSTANCE;
  }

  /** These networks (none: nothing is visible). */
  static Scope networks(Set<UUID> ids) {
    return new Networks(Set.copyOf(ids));
  }

  /** These networks, from a list (order and duplicates do not matter). */
  static Scope networks(List<UUID> ids) {
    return new Networks(Set.copyOf(ids));
  }

  /** One driver of one network (a driver app's caller, authenticated by the driver's access token). */
  static Scope driver(UUID networkId, UUID driverId) {
    return new Driver(networkId, driverId);
  }

  /**
   * {@code ($n::uuid[] IS NULL OR column = ANY($n))}: the condition a network-owned row must meet,
   * with {@link #networkBind()} bound to {@code $n}. The text is the same for every scope, so a
   * prepared statement is shared by all callers; the bound value is what differs.
   */
  default String networkPredicate(String column, int param) {
    return "($" + param + "::uuid[] IS NULL OR " + column + " = ANY($" + param + "))";
  }

  /**
   * {@code (network condition OR driverColumn = $n+1)}: rows a network scope sees by their network
   * and a driver scope sees as the driver's own. Bind {@link #networkBind()} to {@code $n} and
   * {@link #driverId()} to {@code $n+1} (null for a network scope, which then matches by network only).
   */
  default String ownedPredicate(String networkColumn, String driverColumn, int param) {
    return "(" + networkPredicate(networkColumn, param) + " OR " + driverColumn + " = $" + (param + 1) + "::uuid)";
  }

  /**
   * The value of the {@link #networkPredicate} parameter: null matches every network, an array its
   * networks; a driver scope binds the empty array, so network-wide rows are never matched.
   * Typed {@code Object} on purpose: a {@code UUID[]} passed to {@code Tuple.of(a, b...)} as the last
   * argument would be spread as varargs.
   */
  Object networkBind();

  /** Whether a row of this network is within the scope. */
  boolean sees(UUID networkId);

  /**
   * The driver, or null for a network or unrestricted scope. A query that serves drivers binds it
   * to its driver condition (rows the driver owns); network-wide rows stay invisible to a driver.
   */
  default UUID driverId() {
    return null;
  }

  /** Whether this is one driver's scope. */
  default boolean isDriver() {
    return driverId() != null;
  }

  /**
   * This scope as one driver's, for what only a driver does (a driver's own favourites, reviews,
   * reports, preferences); any other scope is a programming error ({@link IllegalArgumentException}).
   */
  default Driver requireDriver() {
    throw new IllegalArgumentException(this + " is not a driver's scope");
  }

  /** Every network. */
  final class All implements Scope {
    static final All INSTANCE = new All();

    private All() {
    }

    @Override
    public Object networkBind() {
      return null;
    }

    @Override
    public boolean sees(UUID networkId) {
      return true;
    }

    @Override
    public String toString() {
      return "Scope[all networks]";
    }
  }

  /** The given networks. */
  record Networks(Set<UUID> ids) implements Scope {
    public Networks {
      ids = Set.copyOf(ids);
    }

    @Override
    public Object networkBind() {
      return ids.toArray(new UUID[0]);
    }

    @Override
    public boolean sees(UUID networkId) {
      return ids.contains(networkId);
    }
  }

  /** One driver of one network: sees no network-wide rows, only what the driver owns. */
  record Driver(UUID networkId, UUID driverId) implements Scope {
    public Driver {
      Objects.requireNonNull(networkId);
      Objects.requireNonNull(driverId);
    }

    @Override
    public Object networkBind() {
      return new UUID[0];
    }

    @Override
    public boolean sees(UUID networkId) {
      return false;
    }

    @Override
    public Driver requireDriver() {
      return this;
    }
  }
}
