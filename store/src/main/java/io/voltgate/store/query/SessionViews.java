package io.voltgate.store.query;

import io.vertx.core.Future;
import io.voltgate.store.redis.LiveSessionValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Sessions as the API families show them: {@link SessionQueries}' records with the gateway's live
 * values added to the active ones.
 */
public final class SessionViews {

  private final SessionQueries sessions;
  private final LiveSessionValues live;

  public SessionViews(SessionQueries sessions, LiveSessionValues live) {
    this.sessions = Objects.requireNonNull(sessions);
    this.live = Objects.requireNonNull(live);
  }

  /** The scope's sessions matching the filter, newest first. */
  public Future<Page<SessionView>> page(Scope scope, SessionQueries.Filter filter, int limit, int offset) {
    return sessions.page(scope, filter, limit, offset)
        .compose(found -> withLive(found.items()).map(items -> new Page<>(items, found.total())));
  }

  /** A session of the scope, or empty. */
  public Future<Optional<SessionView>> find(Scope scope, UUID id) {
    return sessions.find(scope, id).compose(found -> found.isEmpty() ? Future.succeededFuture(found)
        : withLive(List.of(found.get())).map(one -> Optional.of(one.get(0))));
  }

  private Future<List<SessionView>> withLive(List<SessionView> views) {
    List<LiveSessionValues.Target> targets = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < views.size(); i++) {
      SessionView v = views.get(i);
      if (v.active() && v.evseId() != null) {
        targets.add(new LiveSessionValues.Target(v.chargePointId(), v.evseId(), v.id()));
        positions.add(i);
      }
    }
    return live.of(targets).map(values -> {
      List<SessionView> out = new ArrayList<>(views);
      for (int k = 0; k < values.size(); k++) {
        if (values.get(k) != null) {
          out.set(positions.get(k), out.get(positions.get(k)).withLive(values.get(k)));
        }
      }
      return out;
    });
  }
}
