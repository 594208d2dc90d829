package io.voltgate.services.charging;

import io.vertx.core.Future;
import io.voltgate.services.billing.SessionBilling;
import io.voltgate.services.emp.KeyIdentifiers;
import io.voltgate.store.commands.CommandOutcome;
import io.voltgate.store.query.EmpSessionQueries;
import io.voltgate.store.query.EmpSessionQueries.Connector;
import io.voltgate.store.query.EmpSessionQueries.Place;
import io.voltgate.store.query.EmpSessionQueries.RemoteStart;
import io.voltgate.store.query.Scope;
import io.voltgate.store.query.SessionView;
import io.voltgate.store.query.SessionViews;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Remote sessions of the EMP API ({@code /emp/v1/sessions}, docs/emp-sessions.md) over the driver
 * API's {@link RemoteCharging}: a start names a connector of the caller's networks and a charging
 * key (a valid token of the connector's network), is recorded with an opaque public id before the
 * remote start goes out, and is linked to the charging session once the charger creates it. Only a
 * session so recorded may be stopped here. A session is addressed by that public id, or (one not
 * started remotely) by the charging session's UUID.
 */
public final class EmpRemoteSessions {

  /** What became of a start. */
  public enum StartStatus {
    /** Recorded and sent: {@link Start#publicId()} is the session's id, whatever the charger answered. */
    SENT,
    /** No live connector with this id in the caller's networks. */
    NO_CONNECTOR,
    /** The key identifier is not a valid charging key (token) of the connector's network. */
    UNKNOWN_KEY,
    /** The charging key is a driver's who is on fraud hold (docs/fraud.md). */
    DRIVER_ON_HOLD
  }

  /** @param outcome the charger's answer, null unless {@link StartStatus#SENT} */
  public record Start(StartStatus status, String publicId, CommandOutcome outcome) {
  }

  /** What became of a stop. */
  public enum StopStatus {
    /** Sent: see {@link Stop#stop()}. */
    SENT,
    /** No session with this id in the caller's networks. */
    NO_SESSION,
    /** The session was not started through this API. */
    NOT_REMOTE,
    /** Started remotely, but the charger has not created (or refused) the session: nothing to stop. */
    NOT_STARTED
  }

  /** @param stop what the driver API's stop did, null unless {@link StopStatus#SENT} */
  public record Stop(StopStatus status, RemoteStart remote, RemoteCharging.Stop stop) {
  }

  /**
   * A session as the EMP API shows it.
   *
   * @param remote its remote start, null for a session not started through this API
   * @param session the charging session, null while the charger has not created it
   * @param place where its connector is (null only if the connector is gone)
   * @param vatRate the CDR's VAT rate (percent), null before pricing
   */
  public record Detail(RemoteStart remote, SessionView session, Place place, BigDecimal vatRate) {
  }

  /** Length of a public session id: 62^11, about 65 bits of randomness (the seed's {@code 0gLAoxYQepp}). */
  public static final int PUBLIC_ID_LENGTH = 11;
  private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final RemoteCharging charging;
  private final EmpSessionQueries queries;
  private final SessionViews views;
  private final SessionBilling billing;

  public EmpRemoteSessions(RemoteCharging charging, EmpSessionQueries queries, SessionViews views,
      SessionBilling billing) {
    this.charging = Objects.requireNonNull(charging);
    this.queries = Objects.requireNonNull(queries);
    this.views = Objects.requireNonNull(views);
    this.billing = Objects.requireNonNull(billing);
  }

  /** Whether a session id has the form of a public id (else it may only be a session's UUID). */
  public static boolean isPublicId(String id) {
    return id.length() == PUBLIC_ID_LENGTH && id.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0);
  }

  /**
   * Starts charging on a connector with a charging key: records the start, sends the remote start
   * and completes with the charger's answer (a refusal is recorded, the session then reads FAILED);
   * fails only on backend errors.
   *
   * @param apiKeyId the calling key, recorded with the start
   */
  public Future<Start> start(Scope scope, UUID apiKeyId, UUID connectorPk, String keyIdentifier) {
    return queries.connector(scope, connectorPk).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture(new Start(StartStatus.NO_CONNECTOR, null, null));
      }
      Connector connector = found.get();
      return target(scope, connector.chargerId(), KeyIdentifiers.candidates(keyIdentifier), 0).compose(target -> {
        if (target.status() != RemoteCharging.StartStatus.SENT) {
          // a network scope's target fails only for the token (the connector's charger is in scope)
          return Future.succeededFuture(new Start(switch (target.status()) {
            case NO_CHARGER -> StartStatus.NO_CONNECTOR;
            case DRIVER_ON_HOLD -> StartStatus.DRIVER_ON_HOLD;
            default -> StartStatus.UNKNOWN_KEY;
          }, null, null));
        }
        return queries.insert(newPublicId(), connector, apiKeyId, target.idTag())
            .compose(remote -> charging.sendStart(target, connector.evseId())
                .compose(outcome -> queries.answered(remote.id(), startStatus(outcome))
                    .map(v -> new Start(StartStatus.SENT, remote.publicId(), outcome))));
      });
    });
  }

  /**
   * Stops a remotely started session of the scope through {@link RemoteCharging#stop} (which waits
   * a while for the charger's stop report and prices the session); fails only on backend errors.
   */
  public Future<Stop> stop(Scope scope, String sessionId) {
    return resolve(scope, sessionId).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture(new Stop(StopStatus.NO_SESSION, null, null));
      }
      RemoteStart remote = found.get().remote();
      if (remote == null) {
        return Future.succeededFuture(new Stop(StopStatus.NOT_REMOTE, null, null));
      }
      if (remote.sessionId() == null) {
        return Future.succeededFuture(new Stop(StopStatus.NOT_STARTED, remote, null));
      }
      return charging.stop(scope, remote.sessionId()).map(s -> new Stop(StopStatus.SENT, remote, s));
    });
  }

  /**
   * A session of the scope with where it ran and, once completed, its CDR (priced here if billing
   * has not reached it yet: {@link SessionBilling#bill} is idempotent); empty when there is none.
   */
  public Future<Optional<Detail>> find(Scope scope, String sessionId) {
    return resolve(scope, sessionId).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture(Optional.empty());
      }
      Resolved r = found.get();
      UUID connector = r.session() != null && r.session().connectorPk() != null ? r.session().connectorPk()
          : r.remote() != null ? r.remote().connectorPk() : null;
      Future<Optional<Place>> place = connector == null ? Future.succeededFuture(Optional.empty())
          : queries.place(scope, connector);
      return priced(scope, r.session()).compose(session -> place.compose(where -> vatRate(scope, session)
          .map(vat -> Optional.of(new Detail(r.remote(), session, where.orElse(null), vat)))));
    });
  }

  /** A session and its remote start, as resolved from either form of id. */
  private record Resolved(RemoteStart remote, SessionView session) {
  }

  private Future<Optional<Resolved>> resolve(Scope scope, String sessionId) {
    if (isPublicId(sessionId)) {
      return queries.find(scope, sessionId).compose(remote -> {
        if (remote.isEmpty()) {
          return Future.succeededFuture(Optional.empty());
        }
        UUID linked = remote.get().sessionId();
        Future<Optional<SessionView>> session = linked == null ? Future.succeededFuture(Optional.empty())
            : views.find(scope, linked);
        return session.map(s -> Optional.of(new Resolved(remote.get(), s.orElse(null))));
      });
    }
    UUID id = uuidOrNull(sessionId);
    if (id == null) {
      return Future.succeededFuture(Optional.empty());
    }
    return views.find(scope, id).compose(session -> session.isEmpty() ? Future.succeededFuture(Optional.empty())
        : queries.bySession(scope, id).map(remote -> Optional.of(new Resolved(remote.orElse(null), session.get()))));
  }

  /** A completed session with its CDR: priced now when billing has not reached it yet. */
  private Future<SessionView> priced(Scope scope, SessionView session) {
    if (session == null || session.cdr() != null || !SessionView.COMPLETED.equals(session.status())) {
      return Future.succeededFuture(session);
    }
    return billing.bill(session.id()).compose(done -> views.find(scope, session.id())).map(s -> s.orElse(session));
  }

  private Future<BigDecimal> vatRate(Scope scope, SessionView session) {
    if (session == null || session.cdr() == null) {
      return Future.succeededFuture(null);
    }
    return queries.cdrTaxRate(scope, session.id()).map(rate -> rate.orElse(null));
  }

  /** The charger's answer as stored: its own status word, else why there was none. */
  static String startStatus(CommandOutcome o) {
    return switch (o.kind()) {
      case ACCEPTED -> "Accepted";
      case REJECTED -> "Rejected";
      case OFFLINE -> "Offline";
      case TIMEOUT -> "Timeout";
      case BUSY -> "Busy";
      case CALL_ERROR -> "CallError";
      case INVALID -> "Invalid";
    };
  }

  private static UUID uuidOrNull(String s) {
    try {
      return s.length() == 36 ? UUID.fromString(s) : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static String newPublicId() {
    StringBuilder id = new StringBuilder(PUBLIC_ID_LENGTH);
    for (int i = 0; i < PUBLIC_ID_LENGTH; i++) {
      id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return id.toString();
  }

  /**
   * The target for the first of the key's candidate idTags that is a usable token of the charger's
   * network (docs/emp.md, keyIdentifier mapping): a charging key's little-endian identifier, then
   * the value as given.
   */
  private Future<RemoteCharging.Target> target(Scope scope, UUID chargerId, List<String> idTags, int i) {
    return charging.target(scope, scope, chargerId, idTags.isEmpty() ? null : idTags.get(i)).compose(t ->
        t.status() == RemoteCharging.StartStatus.SENT || t.status() == RemoteCharging.StartStatus.NO_CHARGER
            || t.status() == RemoteCharging.StartStatus.DRIVER_ON_HOLD || i + 1 >= idTags.size() ? Future.succeededFuture(t) : target(scope, chargerId, idTags, i + 1));
  }
}
