package io.voltgate.services.events;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.voltgate.store.model.EventType;
import io.voltgate.store.query.DriverStreamQueries;
import io.voltgate.store.query.DriverStreamQueries.Interests;
import io.voltgate.store.query.Scope;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One driver's view of the stream, for a driver app: events of the driver's network that are the
 * driver's own — the driver's charging sessions ({@code session.*}, {@code meter.values}), the
 * driver's reservations ({@code reservation.status}) — and the availability ({@code connector.status},
 * {@code charger.status}) of the chargers the driver saved as favourites, or that stand at a saved
 * location. Nothing else: no other driver's session, no operator event.
 *
 * <p>Decided from memory ({@link Interests}, loaded when the stream opens and refreshed every
 * {@link #REFRESH}): a {@code session.started} names the token it was started with, so a session
 * begun with one of the driver's tokens is learned from the event itself and its later events (which
 * name only the session) follow at once; tokens and favourites created meanwhile count from the next
 * refresh. Used on one event loop only, like the stream it filters.
 */
public final class DriverEvents implements EventFilter {

  private static final Logger LOG = LoggerFactory.getLogger(DriverEvents.class);

  /** How often the driver's tokens, sessions, favourites and reservations are read again. */
  public static final Duration REFRESH = Duration.ofSeconds(30);

  private final Vertx vertx;
  private final DriverStreamQueries queries;
  private final Scope.Driver driver;
  private final Set<String> eventTypes;
  private Set<String> tokens = Set.of();
  private Set<String> sessions = new HashSet<>();
  private Set<String> chargers = Set.of();
  private Set<Integer> reservations = Set.of();
  /** Sessions learned from the stream since the load under way began: kept when it lands. */
  private Set<String> learnedDuringLoad = new HashSet<>();
  private long timer = -1;
  private boolean closed;

  private DriverEvents(Vertx vertx, DriverStreamQueries queries, Scope.Driver driver, Set<String> eventTypes) {
    this.vertx = Objects.requireNonNull(vertx);
    this.queries = Objects.requireNonNull(queries);
    this.driver = Objects.requireNonNull(driver);
    this.eventTypes = Collections.unmodifiableSet(new HashSet<>(eventTypes));
  }

  /**
   * The driver's filter, its interests loaded (fails when they cannot be), refreshed every
   * {@code refresh} until {@link #close}d.
   *
   * @param eventTypes the types the driver's app asks for; empty for all of the driver's
   */
  public static Future<DriverEvents> open(Vertx vertx, DriverStreamQueries queries, Scope.Driver driver,
      Set<String> eventTypes, Duration refresh) {
    DriverEvents filter = new DriverEvents(vertx, queries, driver, eventTypes);
    return filter.load().map(v -> {
      if (filter.closed) {
        return filter;
      }
      filter.timer = vertx.setPeriodic(refresh.toMillis(), id -> filter.load()
          .onFailure(e -> LOG.debug("refreshing a driver's stream interests failed, kept the last: {}", e.getMessage())));
      return filter;
    });
  }

  private Future<Void> load() {
    Set<String> learned = new HashSet<>();
    learnedDuringLoad = learned;
    return queries.interests(driver).map(found -> {
      if (!closed) {
        tokens = found.tokenUids();
        Set<String> open = new HashSet<>(found.sessionIds());
        open.addAll(learned);
        sessions = open;
        chargers = found.chargerIds();
        reservations = found.reservationIds();
      }
      return null;
    });
  }

  @Override
  public boolean wants(StreamEvent e) {
    if (!driver.networkId().equals(e.networkId()) || !isDrivers(e)) {
      return false;
    }
    return eventTypes.isEmpty() || eventTypes.contains(e.type());
  }

  /** Whether the event is about the driver's session, reservation or a favourite's availability. */
  private boolean isDrivers(StreamEvent e) {
    EventType type = e.type() == null ? null : EventType.fromWire(e.type());
    if (type == null) {
      return false;
    }
    JsonObject data = e.data();
    return switch (type) {
      case SESSION_STARTED -> startedByDriver(data);
      case SESSION_UPDATED, SESSION_COMPLETED, METER_VALUES -> member(sessions, text(data, "sessionId"));
      case CONNECTOR_STATUS, CHARGER_STATUS -> member(chargers, text(data, "chargerId"));
      case RESERVATION_STATUS -> reservedByDriver(data);
      default -> false;
    };
  }

  /**
   * A reservation Voltgate holds names its driver ({@code ReservationChange}); a 2.0.1
   * ReservationStatusUpdate for one it does not hold carries only the charger's numeric id, matched
   * against the driver's loaded reservations.
   */
  private boolean reservedByDriver(JsonObject data) {
    if (data.getValue("driverId") instanceof String id) {
      return id.equals(driver.driverId().toString());
    }
    return data.getValue("reservationId") instanceof Number n && reservations.contains(n.intValue());
  }

  /** A session started with one of the driver's tokens: the driver's, and so are its later events. */
  private boolean startedByDriver(JsonObject data) {
    String session = text(data, "sessionId");
    if (session == null) {
      return false;
    }
    if (member(tokens, text(data, "idToken"))) {
      sessions.add(session);
      learnedDuringLoad.add(session);
      return true;
    }
    return sessions.contains(session);
  }

  private static boolean member(Set<?> set, Object value) {
    // The loaded sets are immutable, whose contains(null) throws.
    return value != null && set.contains(value);
  }

  private static String text(JsonObject data, String field) {
    return data.getValue(field) instanceof String s ? s : null;
  }

  @Override
  public void close() {
    closed = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }
}
