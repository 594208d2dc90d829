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

  /** One driver, identified by the id token they charge with. */
  static Scope driver(String idToken) {
    return new Driver(idToken);
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
   * The value of the {@link #networkPredicate} parameter: null matches every network, an array its
   * networks; a driver scope binds the empty array, so network-wide rows are never matched.
   * Typed {@code Object} on purpose: a {@code UUID[]} passed to {@code Tuple.of(a, b...)} as the last
   * argument would be spread as varargs.
   */
  Object networkBind();

  /** Whether a row of this network is within the scope. */
  boolean sees(UUID networkId);

  /** The driver's id token, or null for a network or unrestricted scope. */
  default String driverToken() {
    return null;
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

  /** One driver: sees no network-wide rows. */
  record Driver(String idToken) implements Scope {
    public Driver {
      Objects.requireNonNull(idToken);
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
    public String driverToken() {
      return idToken;
    }
  }
}
