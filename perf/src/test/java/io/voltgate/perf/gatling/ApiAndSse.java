package io.voltgate.perf.gatling;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.regex;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.sse;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.http.action.sse.SseInboundMessage;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.vertx.core.json.JsonObject;
import io.voltgate.perf.sim.Report;
import io.voltgate.perf.sim.Stats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * REST reads while a fleet runs — {@code /health/ready}, {@code /cpms/v1/me} and
 * {@code /cpms/v1/networks} at {@code vg.apiRate} requests per second in total — and
 * {@code vg.sseClients} (default 10) subscribers to {@code GET /cpms/v1/events/stream} for the whole
 * run, with a key minted from {@code vg.apiKey} ({@link GatlingApiKey}).
 *
 * <p>Gatling times the SSE connect ("SSE connect") and the wait for the first event ("SSE first
 * event", failed when none arrives within 30 s). Each subscriber then takes the events it received
 * every second ({@code sse.processUnmatchedMessages}); their count and delivery lag (receive time −
 * the event's {@code timestamp}, ms resolution) are printed after the run as "sse event lag".
 */
public class ApiAndSse extends Simulation {

  /** The last run's SSE figures (read by the smoke test). */
  public static volatile Stats lastSseStats = new Stats();

  final Ocpp.Params p = new Ocpp.Params();
  final GatlingApiKey key = new GatlingApiKey(p);
  final Stats sseStats = new Stats();

  final ScenarioBuilder fleet = scenario("Chargers")
      .exec(Ocpp.identify(p))
      .exec(Ocpp.connect(p, "Connect"))
      .exec(Ocpp.bootAndStatus(p))
      .exec(Ocpp.startTransaction(p))
      .exec(Ocpp.holdUntilEnd(p))
      .exec(Ocpp.stopTransaction(p))
      .exec(Ocpp.close());

  final ScenarioBuilder reads = scenario("API reads")
      .exec(http("GET /health/ready").get("/health/ready").check(status().is(200)))
      .exec(http("GET /cpms/v1/me").get("/cpms/v1/me").header("X-API-Key", s -> key.get()).check(status().is(200)))
      .exec(http("GET /cpms/v1/networks").get("/cpms/v1/networks").header("X-API-Key", s -> key.get())
          .check(status().is(200)));

  final ScenarioBuilder subscribers = scenario("SSE subscribers")
      .exec(sse("SSE connect").get("/cpms/v1/events/stream").header("X-API-Key", s -> key.get())
          .await(Duration.ofSeconds(30)).on(sse.checkMessage("SSE first event")
              .matching(regex("\"event\":\"[a-z._]+\""))
              .check(regex("\"timestamp\":\"([^\"]+)\"").exists())))
      .exec(s -> {
        sseStats.inc("sse.events");                  // the first event, taken by the check above
        return s.set("sseEvents", 1L);
      })
      .during(Duration.ofSeconds(Math.max(1, p.durationS - 2))).on(
          pause(Duration.ofSeconds(1)).exec(sse.processUnmatchedMessages(this::count)))
      .exec(sse.processUnmatchedMessages(this::count))
      .exec(s -> {
        sseStats.inc("sse.clients");
        if (s.getLong("sseEvents") > 0) {
          sseStats.inc("sse.clients_with_events");
        }
        return s;
      })
      .exec(sse("SSE close").close());

  /** Counts the subscriber's events received since the last call and records each one's delivery lag. */
  private Session count(List<SseInboundMessage> messages, Session s) {
    long n = 0;
    for (SseInboundMessage m : messages) {
      JsonObject j;
      try {
        j = new JsonObject(m.message());
      } catch (RuntimeException e) {
        sseStats.inc("sse.unparseable");
        continue;
      }
      Object data = j.getValue("data");
      if (data == null) {
        continue;                                   // retry:, comments
      }
      n++;
      sseStats.inc("sse.events");
      try {
        JsonObject event = data instanceof JsonObject o ? o : new JsonObject(String.valueOf(data));
        long lagMs = m.timestamp() - Instant.parse(event.getString("timestamp")).toEpochMilli();
        sseStats.latency("sse event lag").recordMicros(Math.max(0, lagMs) * 1_000);
      } catch (RuntimeException e) {
        sseStats.inc("sse.unparseable");
      }
    }
    return s.set("sseEvents", s.getLong("sseEvents") + n);
  }

  {
    List<PopulationBuilder> populations = new ArrayList<>();
    populations.add(fleet.injectOpen(rampUsers(p.chargers).during(p.ramp())));
    populations.add(reads.injectOpen(constantUsersPerSec(p.apiRate / 3).during(Duration.ofSeconds(Math.max(1, p.durationS - 5)))));
    if (p.sseClients > 0) {
      populations.add(subscribers.injectOpen(atOnceUsers(p.sseClients)));
    }
    setUp(populations)
        .protocols(Ocpp.protocol(p).sseUnmatchedInboundMessageBufferSize(100_000))
        .maxDuration(p.maxRunDuration())
        .assertions(global().failedRequests().count().is(0L));
  }

  @Override
  public void before() {
    key.mint();
    p.start();
  }

  @Override
  public void after() {
    key.revoke();
    lastSseStats = sseStats;
    Report.print(sseStats, "ApiAndSse: " + p.sseClients + " SSE subscribers (first event counted by Gatling)", System.out);
  }
}
