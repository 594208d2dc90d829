package io.voltgate.perf.gatling;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.voltgate.perf.sim.Report;
import io.voltgate.perf.sim.Stats;
import java.time.Duration;

/**
 * Remote commands to connected simulated chargers that answer them (Gatling auto-replies to the
 * CSMS's CALLs with an accepting CALLRESULT). The API has no control endpoints yet, so commands go
 * through the path those endpoints will use: {@code CommandClient} → a command router with its own
 * node id on the deployment's Redis ({@code vg.redisUrl}) → the gateway node holding the socket →
 * CALL → CALLRESULT → outcome. Gatling measures the chargers' requests; the command round trips are
 * measured by {@link GatlingCommandDriver} and printed after the run ("cmd OP" lines).
 *
 * <p>TODO(api): when {@code POST /cpms/v1/chargers/{id}/commands/...} exists, replace the driver by
 * Gatling HTTP requests so Gatling reports the command latency itself.
 */
public class CommandRoundTrip extends Simulation {

  /** The last run's driver statistics (read by the smoke test). */
  public static volatile Stats lastDriverStats;

  final Ocpp.Params p = new Ocpp.Params();
  final GatlingCommandDriver driver = new GatlingCommandDriver(p.redisUrl, 10_000);

  final ScenarioBuilder chargers = scenario("Chargers")
      .exec(Ocpp.identify(p))
      .exec(Ocpp.connect(p, "Connect"))
      .exec(Ocpp.bootAndStatus(p))
      .exec(Ocpp.markReady())
      .exec(Ocpp.holdUntilEnd(p))
      .exec(Ocpp.close());

  final ScenarioBuilder commands = scenario("Commands")
      .exec(s -> {
        driver.fireAtRandom(Ocpp.READY);
        return s;
      });

  {
    long commandWindowMs = Math.max(1_000, p.durationS * 1000L - (long) (p.rampS() * 1000) - 8_000);
    setUp(
        chargers.injectOpen(rampUsers(p.chargers).during(Duration.ofMillis(Math.max(1, (long) (p.rampS() * 1000))))),
        commands.injectOpen(nothingFor(Duration.ofMillis((long) (p.rampS() * 1000) + 3_000)),
            constantUsersPerSec(p.commandRate).during(Duration.ofMillis(commandWindowMs))))
        .protocols(Ocpp.protocol(p))
        .maxDuration(Duration.ofSeconds(p.durationS + p.callTimeoutS + 30))
        .assertions(global().failedRequests().count().is(0L));
  }

  @Override
  public void before() {
    if (p.redisUrl.isEmpty()) {
      throw new IllegalArgumentException("CommandRoundTrip needs -Dvg.redisUrl (logged by Voltgate at start)");
    }
    driver.start();
  }

  @Override
  public void after() {
    Stats s = driver.stop();
    lastDriverStats = s;
    Report.print(s, "CommandRoundTrip: command round trips through the command path", System.out);
  }
}
