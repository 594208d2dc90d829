package io.voltgate.perf.gatling;

import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

/**
 * N chargers ramped at R/s: BootNotification, StatusNotification, Heartbeat every H s, a share of
 * them in a transaction with meter values every M s (1.6 MeterValues, 2.0.1 TransactionEvent Updated),
 * stopped at the end; 1.6/2.0.1 mix by {@code vg.v201Share}. Parameters: see {@link Ocpp.Params}.
 *
 * <p>{@code mvn -B -pl perf -am test-compile gatling:test -DskipTests -Dgatling.simulationClass=io.voltgate.perf.gatling.ChargerFleet -Dvg.chargers=2000 -Dvg.rate=200}
 */
public class ChargerFleet extends Simulation {

  final Ocpp.Params p = new Ocpp.Params();

  final ScenarioBuilder fleet = scenario("ChargerFleet")
      .exec(Ocpp.identify(p))
      .exec(Ocpp.connect(p, "Connect"))
      .exec(Ocpp.bootAndStatus(p))
      .exec(Ocpp.startTransaction(p))
      .exec(Ocpp.holdUntilEnd(p))
      .exec(Ocpp.stopTransaction(p))
      .exec(Ocpp.close());

  {
    setUp(fleet.injectOpen(rampUsers(p.chargers).during(p.ramp())))
        .protocols(Ocpp.protocol(p))
        .maxDuration(p.maxRunDuration())
        .assertions(global().failedRequests().count().is(0L));
  }

  @Override
  public void before() {
    p.start();
  }
}
