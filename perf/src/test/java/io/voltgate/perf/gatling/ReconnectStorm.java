package io.voltgate.perf.gatling;

import static io.gatling.javaapi.core.CoreDsl.doIfOrElse;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.ws;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The fleet connects and boots; at {@code vg.stormAtS} (default: ramp + 5 s) a share
 * {@code vg.stormShare} (default 1.0) of the chargers drop their sockets at once and redial at a
 * random moment within {@code vg.stormWindowS}, boot again and hold with heartbeats until the end.
 * Their requests after the storm are in the group "after storm". The others (bystanders) stay
 * connected and keep heartbeating; their CALLs during the storm window ({@code vg.stormWindowS} +
 * {@code vg.stormGraceS}) are in the group "bystanders in the storm window".
 */
public class ReconnectStorm extends Simulation {

  final Ocpp.Params p = new Ocpp.Params();

  private long stormAtMillis() {
    return p.startAtMillis + p.stormAt() * 1000L;
  }

  private long stormEndMillis() {
    return stormAtMillis() + (p.stormWindowS + p.stormGraceS) * 1000L;
  }

  final ScenarioBuilder storm = scenario("ReconnectStorm")
      .exec(Ocpp.identify(p))
      .exec(Ocpp.connect(p, "Connect"))
      .exec(Ocpp.bootAndStatus(p))
      .pause(s -> Duration.ofMillis(Math.max(0, stormAtMillis() - System.currentTimeMillis())))
      .exec(doIfOrElse(s -> s.getBoolean("stormer")).then(
          exec(ws("Drop").close())
              .pause(s -> Duration.ofMillis(ThreadLocalRandom.current().nextLong(Math.max(1, p.stormWindowS * 1000L))))
              .group("after storm").on(exec(Ocpp.connect(p, "Redial")).exec(Ocpp.bootAndStatus(p))))
          .orElse(
              group("bystanders in the storm window").on(Ocpp.holdUntil(p, this::stormEndMillis))))
      .exec(Ocpp.holdUntilEnd(p))
      .exec(Ocpp.close());

  {
    setUp(storm.injectOpen(rampUsers(p.chargers).during(p.ramp())))
        .protocols(Ocpp.protocol(p))
        .maxDuration(p.maxRunDuration())
        .assertions(global().failedRequests().count().is(0L));
  }

  @Override
  public void before() {
    p.start();
  }
}
