package io.voltgate.perf.gatling;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.core.CoreDsl.uniformRandomSwitch;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voltgate.perf.sim.Report;
import io.voltgate.perf.sim.Stats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Remote commands to connected simulated chargers that answer them (Gatling auto-replies to the
 * CSMS's CALLs with an accepting CALLRESULT).
 *
 * <p>{@code vg.commandPath=api} (default): as an operator, through the HTTP control endpoints
 * {@code /cpms/v1/chargers/{uuid}/...} (change-availability, trigger-message, configuration GET and
 * POST, variables/get; one at random per command) with a key minted from {@code vg.apiKey}
 * ({@link GatlingApiKey}). Gatling times each request ("cmd POST trigger-message", …) and checks
 * status 200 and {@code outcome = accepted}. One virtual user first resolves the chargers' UUIDs from
 * their chargePointIds by paging {@code GET /cpms/v1/chargers}.
 *
 * <p>{@code vg.commandPath=redis}: through the command path below the API ({@code CommandClient} →
 * a command router with its own node id on {@code vg.redisUrl} → the gateway node holding the
 * socket); Gatling cannot time that work, so {@link GatlingCommandDriver} does and prints "cmd OP"
 * lines after the run.
 */
public class CommandRoundTrip extends Simulation {

  /** The last run's redis-path driver statistics (read by the smoke test). */
  public static volatile Stats lastDriverStats;
  /** The last run's API-path counts (read by the smoke test). */
  public static final AtomicInteger SENT = new AtomicInteger();
  public static final AtomicInteger NO_TARGET = new AtomicInteger();
  /** Commands not sent because the chargers close within 2 s (the run's end). */
  public static final AtomicInteger TOO_LATE = new AtomicInteger();
  /** chargePointId → charger UUID of this run's chargers. */
  public static final Map<String, String> UUIDS = new ConcurrentHashMap<>();

  private static final String RESOLVE = "GET /cpms/v1/chargers (resolving ids)";

  final Ocpp.Params p = new Ocpp.Params();
  final boolean viaApi = !"redis".equals(p.commandPath);
  final GatlingApiKey key = new GatlingApiKey(p);
  final GatlingCommandDriver driver = viaApi ? null : new GatlingCommandDriver(p.redisUrl, 10_000);

  final ScenarioBuilder chargers = scenario("Chargers")
      .exec(Ocpp.identify(p))
      .exec(Ocpp.connect(p, "Connect"))
      .exec(Ocpp.bootAndStatus(p))
      .exec(Ocpp.markReady(p))
      .exec(Ocpp.holdUntilEnd(p))
      .exec(Ocpp.close());

  /**
   * One user waits until 99 % of the chargers have booted (at most until 2 s before the end), then
   * pages through the chargers (100 per page) and keeps this run's chargePointId → UUID.
   */
  final ScenarioBuilder resolver = scenario("Resolve charger ids")
      .asLongAs(s -> p.booted.get() < p.chargers * 0.99 && beforeTheEnd()).on(pause(Duration.ofMillis(100)))
      .exec(http(RESOLVE).get("/cpms/v1/chargers?page=1&pageSize=100").header("X-API-Key", s -> key.get())
          .check(status().is(200), jsonPath("$.pagination.totalPages").ofInt().saveAs("pages"),
              bodyString().saveAs("body")))
      .exec(this::collect)
      .repeat(s -> Math.max(0, s.getInt("pages") - 1), "i").on(
          exec(http(RESOLVE).get(s -> "/cpms/v1/chargers?page=" + (s.getInt("i") + 2) + "&pageSize=100")
              .header("X-API-Key", s -> key.get())
              .check(status().is(200), bodyString().saveAs("body")))
              .exec(this::collect));

  /** Each user sends one command; until the ids are resolved it waits (at most until 2 s before the end). */
  final ScenarioBuilder apiCommands = scenario("Commands")
      .asLongAs(s -> UUIDS.isEmpty() && beforeTheEnd()).on(pause(Duration.ofMillis(100)))
      .exec(this::pickTarget)
      .exec(doIf(s -> s.contains("uuid")).then(uniformRandomSwitch().on(
          command("cmd POST change-availability", "/change-availability", "{\"connectorNumber\":0,\"type\":\"Operative\"}"),
          command("cmd POST trigger-message", "/trigger-message", "{\"requestedMessage\":\"Heartbeat\"}"),
          exec(accepted(http("cmd GET configuration")
              .get(s -> "/cpms/v1/chargers/" + s.getString("uuid") + "/configuration?keys=HeartbeatInterval"))),
          command("cmd POST configuration", "/configuration", "{\"key\":\"HeartbeatInterval\",\"value\":\"300\"}"),
          command("cmd POST variables/get", "/variables/get",
              "{\"variables\":[{\"component\":\"OCPPCommCtrlr\",\"variable\":\"HeartbeatInterval\"}]}"))));

  final ScenarioBuilder redisCommands = scenario("Commands")
      .exec(s -> {
        driver.fireAtRandom(Ocpp.READY);
        return s;
      });

  private ChainBuilder command(String name, String path, String body) {
    return exec(accepted(http(name).post(s -> "/cpms/v1/chargers/" + s.getString("uuid") + path)
        .header("Content-Type", "application/json").body(StringBody(body))));
  }

  private HttpRequestActionBuilder accepted(HttpRequestActionBuilder request) {
    return request.header("X-API-Key", s -> key.get())
        .check(status().is(200), jsonPath("$.data.outcome").is("accepted"));
  }

  private Session collect(Session s) {
    JsonArray items = new JsonObject(s.getString("body")).getJsonArray("data", new JsonArray());
    for (Object o : items) {
      JsonObject c = (JsonObject) o;
      String uid = c.getString("uid");
      if (uid != null && uid.startsWith(p.idPrefix)) {
        UUIDS.put(uid, c.getString("id"));
      }
    }
    return s.remove("body");
  }

  /** More than 2 s before the chargers close (a command later would meet closing chargers: "offline"). */
  private boolean beforeTheEnd() {
    return System.currentTimeMillis() < p.endAtMillis - 2_000;
  }

  private Session pickTarget(Session s) {
    if (!beforeTheEnd()) {
      TOO_LATE.incrementAndGet();             // the chargers are about to close: the answer would be "offline"
      return s;
    }
    List<String> ready = new ArrayList<>(Ocpp.READY);
    for (int tries = 0; tries < 8 && !ready.isEmpty(); tries++) {
      String uuid = UUIDS.get(ready.get(ThreadLocalRandom.current().nextInt(ready.size())));
      if (uuid != null) {
        SENT.incrementAndGet();
        return s.set("uuid", uuid);
      }
    }
    NO_TARGET.incrementAndGet();
    return s;
  }

  {
    long rampMs = (long) (p.rampS() * 1000);
    // Commands from ramp + 2 s (or once the ids are resolved) to 2 s before the chargers close.
    long commandWindowMs = Math.max(1_000, p.durationS * 1000L - rampMs - 4_000);
    List<PopulationBuilder> populations = new ArrayList<>();
    populations.add(chargers.injectOpen(rampUsers(p.chargers).during(Duration.ofMillis(Math.max(1, rampMs)))));
    if (viaApi) {
      populations.add(resolver.injectOpen(atOnceUsers(1)));
    }
    populations.add((viaApi ? apiCommands : redisCommands).injectOpen(nothingFor(Duration.ofMillis(rampMs + 2_000)),
        constantUsersPerSec(p.commandRate).during(Duration.ofMillis(commandWindowMs))));
    setUp(populations)
        .protocols(Ocpp.protocol(p))
        .maxDuration(p.maxRunDuration())
        .assertions(global().failedRequests().count().is(0L));
  }

  @Override
  public void before() {
    SENT.set(0);
    NO_TARGET.set(0);
    TOO_LATE.set(0);
    UUIDS.clear();
    if (viaApi) {
      key.mint();
    } else if (p.redisUrl.isEmpty()) {
      throw new IllegalArgumentException("CommandRoundTrip with vg.commandPath=redis needs -Dvg.redisUrl (logged by Voltgate at start; the embedded Redis password is in its data/credentials.properties)");
    } else {
      driver.start();
    }
    p.start();
  }

  @Override
  public void after() {
    if (viaApi) {
      key.revoke();
      System.out.printf("CommandRoundTrip: %d commands sent through the API to %d resolved chargers; skipped: %d"
          + " without a resolved ready charger, %d in the last 2 s of the run; latencies in Gatling's report"
          + " (\"cmd …\")%n", SENT.get(), UUIDS.size(), NO_TARGET.get(), TOO_LATE.get());
      return;
    }
    Stats s = driver.stop();
    lastDriverStats = s;
    Report.print(s, "CommandRoundTrip: command round trips through the command path", System.out);
  }
}
