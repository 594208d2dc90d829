package io.voltgate.store.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import io.voltgate.store.BackendOptions;
import io.voltgate.store.Backends;
import io.voltgate.store.pg.SessionRepository;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Scope} and {@link Paging} against a real embedded Postgres, through {@link LocationQueries}:
 * a network scope sees only its networks' rows, an unrestricted one all of them, a driver scope none
 * of a network-wide query, and page totals hold across pages; a force-stop is scoped like a read.
 */
@Timeout(120)
class ScopeAndPagingTest {

  @TempDir
  static Path dataDir;

  private static Backends backends;
  private static Vertx vertx;
  private static Pool pg;
  private static LocationQueries locations;

  private static final UUID A = UUID.randomUUID();
  private static final UUID B = UUID.randomUUID();
  private static final List<UUID> OF_A = new ArrayList<>();
  private static final List<UUID> OF_B = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    backends = Backends.start(new BackendOptions(Optional.empty(), Optional.empty(), dataDir, 0, 0, 8, 4, 100_000));
    vertx = Vertx.vertx();
    pg = backends.pgPool(vertx);
    locations = new LocationQueries(pg);
    await(pg.preparedQuery("INSERT INTO networks (id, name) VALUES ($1, 'A'), ($2, 'B')").execute(Tuple.of(A, B)));
    for (int i = 0; i < 5; i++) {
      OF_A.add(location(A, "a" + i));
    }
    for (int i = 0; i < 3; i++) {
      OF_B.add(location(B, "b" + i));
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (vertx != null) {
      await(pg.close());
      await(vertx.close());
    }
    if (backends != null) {
      backends.close();
    }
  }

  @Test
  void aNetworkScopeNeverSeesAnotherNetworksRows() throws Exception {
    Scope a = Scope.networks(Set.of(A));
    assertEquals(Set.copyOf(OF_A), ids(all(a, 2)));
    assertEquals(5, await(locations.page(a, 2, 0)).total());
    for (UUID other : OF_B) {
      assertTrue(await(locations.find(a, other)).isEmpty(), "another network's id is unknown");
      assertFalse(await(locations.update(a, other, new Patch().set(LocationQueries.Field.NAME, "taken"))));
      assertEquals(LocationQueries.Deletion.NOT_FOUND, await(locations.softDelete(a, other)));
    }
    assertEquals("b0", await(locations.find(Scope.unrestricted(), OF_B.get(0))).orElseThrow().name(),
        "the refused update changed nothing");
    assertTrue(await(locations.find(a, OF_A.get(0))).isPresent());
    assertTrue(await(locations.page(Scope.networks(Set.of()), 10, 0)).items().isEmpty(), "no networks: nothing");
  }

  @Test
  void anUnrestrictedScopeSeesEveryNetwork() throws Exception {
    Set<UUID> everything = new HashSet<>(OF_A);
    everything.addAll(OF_B);
    Set<UUID> seen = ids(all(Scope.unrestricted(), 3));
    assertTrue(seen.containsAll(everything));
    assertEquals(Set.copyOf(everything), ids(all(Scope.networks(List.of(A, B)), 3)));
  }

  @Test
  void aDriverScopeMatchesNoNetworkWideRow() throws Exception {
    Scope driver = Scope.driver(A, UUID.randomUUID());
    Page<Location> page = await(locations.page(driver, 100, 0));
    assertEquals(0, page.total());
    assertTrue(page.items().isEmpty());
    assertTrue(await(locations.find(driver, OF_A.get(0))).isEmpty());
    assertFalse(await(locations.update(driver, OF_A.get(0), new Patch().set(LocationQueries.Field.NAME, "x"))));
    assertFalse(driver.sees(A));
    assertFalse(await(new NetworkQueries(pg).live(driver, A)));
    assertTrue(await(new NetworkQueries(pg).oldestLive(driver, 2)).isEmpty());
  }

  @Test
  void totalsAreRightOnEveryPageAndOrderIsStable() throws Exception {
    Scope a = Scope.networks(Set.of(A));
    List<UUID> inOrder = new ArrayList<>();
    for (int offset = 0; offset < 5; offset += 2) {
      Page<Location> page = await(locations.page(a, 2, offset));
      assertEquals(5, page.total());
      assertEquals(Math.min(2, 5 - offset), page.items().size());
      page.items().forEach(l -> inOrder.add(l.id()));
    }
    assertEquals(OF_A, inOrder, "oldest first, no row twice or missed");
    // A page past the end carries no rows and so no total: the API's long-standing answer.
    assertEquals(new Page<Location>(List.of(), 0), await(locations.page(a, 2, 10)));
  }

  @Test
  void aForceStopOutsideTheScopeChangesNothingAndFollowsTheOneEnergyRule() throws Exception {
    UUID charger = UUID.randomUUID();
    UUID session = UUID.randomUUID();
    await(pg.preparedQuery("INSERT INTO chargers (id, network_id, charge_point_id) VALUES ($1, $2, 'CP-SCOPE')")
        .execute(Tuple.of(charger, A)));
    await(pg.preparedQuery("INSERT INTO charging_sessions (id, network_id, charger_id, evse_id, connector_id, ocpp_version,"
            + " transaction_ref, started_at, status, meter_start_wh) VALUES ($1, $2, $3, 1, 1, '2.0.1', 'tx-1', now(), 'ACTIVE', 1000)")
        .execute(Tuple.of(session, A, charger)));
    for (int wh : new int[] {1000, 2500, 4000}) {
      await(pg.preparedQuery("INSERT INTO meter_samples (session_id, charger_id, evse_id, sampled_at, measurand, value)"
              + " VALUES ($1, $2, 1, now(), 'Energy.Active.Import.Register', $3)")
          .execute(Tuple.of(session, charger, wh)));
    }
    SessionRepository sessions = new SessionRepository(pg);
    assertTrue(await(sessions.forceComplete(Scope.networks(Set.of(B)), session, "ForceStopped")).isEmpty());
    assertTrue(await(sessions.forceComplete(Scope.driver(A, UUID.randomUUID()), session, "ForceStopped")).isEmpty());
    SessionQueries queries = new SessionQueries(pg);
    assertEquals(Optional.of("ACTIVE"), await(queries.status(Scope.unrestricted(), session)));
    assertTrue(await(queries.status(Scope.networks(Set.of(B)), session)).isEmpty(), "another network's session is unknown");

    SessionRepository.ForcedStop stop = await(sessions.forceComplete(Scope.networks(Set.of(A)), session, "ForceStopped"))
        .orElseThrow();
    assertEquals(0, stop.meterStopWh().compareTo(java.math.BigDecimal.valueOf(4000)), "the last register sample");
    assertEquals(0, stop.session().energyWh().compareTo(java.math.BigDecimal.valueOf(3000)), "stop - start");
    assertEquals("COMPLETED", stop.session().status());
    assertEquals("CP-SCOPE", stop.chargePointId());
    assertTrue(await(sessions.forceComplete(Scope.unrestricted(), session, "ForceStopped")).isEmpty(), "only once");
  }

  private static List<Location> all(Scope scope, int size) throws Exception {
    List<Location> out = new ArrayList<>();
    for (int offset = 0; ; offset += size) {
      Page<Location> page = await(locations.page(scope, size, offset));
      out.addAll(page.items());
      if (page.items().size() < size) {
        return out;
      }
    }
  }

  private static Set<UUID> ids(List<Location> found) {
    Set<UUID> ids = new HashSet<>();
    found.forEach(l -> ids.add(l.id()));
    return ids;
  }

  private static UUID location(UUID network, String name) throws Exception {
    UUID id = UUID.randomUUID();
    await(locations.create(new Location.New(id, network, name, null, null, null, null, null, null, "UTC", null, null)));
    // created_at has microsecond resolution; a pause keeps the insertion order the list order.
    Thread.sleep(2);
    return id;
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
