package io.voltgate.services.content;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.voltgate.store.model.EventType;
import io.voltgate.store.query.ProblemReportQueries;
import io.voltgate.store.query.Scope;
import io.voltgate.store.redis.EventPublisher;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

/**
 * A driver's report of a problem at a published location of the driver's network: stored first
 * ({@code location_problem_reports}), then raised to the operator as
 * {@link EventType#LOCATION_PROBLEM_REPORTED} on the event stream (operator SSE, webhooks). A driver
 * files at most {@link #MAX_PER_HOUR} reports an hour, so an app cannot flood the operator's alerts.
 */
public final class ProblemReports {

  /** Reports one driver may file in any hour. */
  public static final int MAX_PER_HOUR = 10;
  private static final Duration WINDOW = Duration.ofHours(1);

  /** How a report went. */
  public enum Status {
    /** Stored and raised. */
    FILED,
    /** No live published location of the driver's network has this id. */
    NO_LOCATION,
    /** The charger named is not a public charger at the location. */
    NO_CHARGER,
    /** The driver filed {@link #MAX_PER_HOUR} reports in the last hour. */
    TOO_MANY
  }

  /** @param reportId the stored report's id, when {@link Status#FILED} */
  public record Outcome(Status status, UUID reportId) {
  }

  private final ProblemReportQueries reports;
  private final EventPublisher events;
  private final Clock clock;

  public ProblemReports(ProblemReportQueries reports, EventPublisher events, Clock clock) {
    this.reports = Objects.requireNonNull(reports);
    this.events = Objects.requireNonNull(events);
    this.clock = Objects.requireNonNull(clock);
  }

  /**
   * Files the report of the driver of the scope (a driver scope only). Completes with the outcome;
   * fails only when the store does. The event is published after the row is committed and is not
   * awaited (the report is kept whether or not anyone hears of it).
   *
   * @param chargerId a charger at the location the problem concerns, or null
   * @param description the driver's words, or null
   */
  public Future<Outcome> report(Scope scope, UUID locationId, UUID chargerId, String category, String description) {
    Scope.Driver driver = scope.requireDriver();
    return reports.target(scope, locationId, chargerId).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture(new Outcome(Status.NO_LOCATION, null));
      }
      ProblemReportQueries.Target target = found.get();
      if (chargerId != null && target.chargerId() == null) {
        return Future.succeededFuture(new Outcome(Status.NO_CHARGER, null));
      }
      return reports.countSince(scope, OffsetDateTime.now(clock).minus(WINDOW)).compose(recent -> {
        if (recent >= MAX_PER_HOUR) {
          return Future.succeededFuture(new Outcome(Status.TOO_MANY, null));
        }
        UUID id = UUID.randomUUID();
        return reports.create(new ProblemReportQueries.NewReport(id, target.networkId(), target.locationId(),
                driver.driverId(), target.chargerId(), category, description))
            .map(at -> {
              events.publish(EventType.LOCATION_PROBLEM_REPORTED, target.networkId(), target.chargePointId(),
                  at.toInstant(), payload(id, target, driver.driverId(), category, description, at));
              return new Outcome(Status.FILED, id);
            });
      });
    });
  }

  /** The event's data (docs/webhooks.md). */
  static JsonObject payload(UUID id, ProblemReportQueries.Target target, UUID driverId, String category,
      String description, OffsetDateTime at) {
    return new JsonObject()
        .put("reportId", id.toString())
        .put("locationId", target.locationId().toString())
        .put("locationName", target.locationName())
        .put("chargerId", target.chargerId() == null ? null : target.chargerId().toString())
        .put("chargePointId", target.chargePointId())
        .put("driverId", driverId.toString())
        .put("category", category)
        .put("description", description)
        .put("status", "received")
        .put("reportedAt", at.toInstant().toString());
  }
}
