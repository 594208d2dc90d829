package io.voltgate.perf.gatling;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;

/**
 * REST reads while a fleet runs: {@code /health/ready}, {@code /cpms/v1/me} and
 * {@code /cpms/v1/networks} with the bootstrap key ({@code vg.apiKey}), at {@code vg.apiRate}
 * requests per second in total. Mind the key's hourly limit (10,000 requests by default).
 *
 * <p>TODO(sse): server-sent events are not built yet; add an {@code sse(...)} scenario on the event
 * stream endpoint when it exists.
 */
public class ApiAndSse extends Simulation {

  final Ocpp.Params p = new Ocpp.Params();

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
      .exec(http("GET /cpms/v1/me").get("/cpms/v1/me").header("X-API-Key", p.apiKey).check(status().is(200)))
      .exec(http("GET /cpms/v1/networks").get("/cpms/v1/networks").header("X-API-Key", p.apiKey)
          .check(status().is(200)));

  {
    setUp(
        fleet.injectOpen(rampUsers(p.chargers).during(Duration.ofMillis(Math.max(1, (long) (p.rampS() * 1000))))),
        reads.injectOpen(constantUsersPerSec(p.apiRate / 3).during(Duration.ofSeconds(Math.max(1, p.durationS - 5)))))
        .protocols(Ocpp.protocol(p))
        .maxDuration(Duration.ofSeconds(p.durationS + p.callTimeoutS + 30))
        .assertions(global().failedRequests().count().is(0L));
  }
}
