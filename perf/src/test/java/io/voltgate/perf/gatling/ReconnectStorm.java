package io.voltgate.perf.gatling;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.ws;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The fleet connects and boots; at {@code vg.stormAtS} (default: ramp + 5 s) every charger drops its
 * socket at once and redials at a random moment within {@code vg.stormWindowS}, boots again and
 * holds with heartbeats until the end. Requests after the storm are in the group "after storm".
 */
public class ReconnectStorm extends Simulation {

  final Ocpp.Params p = new Ocpp.Params();
  final long stormAtMillis = System.currentTimeMillis() + p.stormAt() * 1000L;

  final ScenarioBuilder storm = scenario("ReconnectStorm")
      .exec(Ocpp.identify(p))
      .exec(Ocpp.connect(p, "Connect"))
      .exec(Ocpp.bootAndStatus(p))
      .pause(s -> Duration.ofMillis(Math.max(0, stormAtMillis - System.currentTimeMillis())))
      .exec(ws("Drop").close())
      .pause(s -> Duration.ofMillis(ThreadLocalRandom.current().nextLong(Math.max(1, p.stormWindowS * 1000L))))
      .group("after storm").on(exec(Ocpp.connect(p, "Redial")).exec(Ocpp.bootAndStatus(p)))
      .exec(Ocpp.holdUntilEnd(p))
      .exec(Ocpp.close());

  {
    setUp(storm.injectOpen(rampUsers(p.chargers).during(Duration.ofMillis(Math.max(1, (long) (p.rampS() * 1000))))))
        .protocols(Ocpp.protocol(p))
        .maxDuration(Duration.ofSeconds(p.durationS + p.callTimeoutS + 30))
        .assertions(global().failedRequests().count().is(0L));
  }
}
