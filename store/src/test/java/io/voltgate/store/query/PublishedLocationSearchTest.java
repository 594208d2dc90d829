package io.voltgate.store.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.voltgate.store.BackendOptions;
import io.voltgate.store.Backends;
import java.nio.file.Path;
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
 * The geosearch over 100,000 published locations: the bounding box is a range scan of
 * {@code locations_published_geo_idx} (never a sequential scan of the table), the answer is exact
 * (haversine) and quick; and {@link GeoBox} holds every point of the circle, across the antimeridian
 * and near the poles.
 */
@Timeout(300)
class PublishedLocationSearchTest {

  private static final int LOCATIONS = 100_000;

  @TempDir
  static Path dataDir;

  private static Backends backends;
  private static Vertx vertx;
  private static Pool pg;
  private static LocationQueries locations;
  private static final UUID NETWORK = UUID.randomUUID();

  @BeforeAll
  static void start() throws Exception {
    backends = Backends.start(new BackendOptions(Optional.empty(), Optional.empty(), dataDir, 0, 0, 8, 4, 100_000));
    vertx = Vertx.vertx();
    pg = backends.pgPool(vertx);
    locations = new LocationQueries(pg);
    await(pg.preparedQuery("INSERT INTO networks (id, name) VALUES ($1, 'geo')").execute(Tuple.of(NETWORK)));
    // Spread over Europe (lat 35..70, lon -10..40), deterministic.
    await(pg.preparedQuery("INSERT INTO locations (id, network_id, name, latitude, longitude)"
            + " SELECT gen_random_uuid(), $1, 'site ' || g, round((35 + (g::bigint * 7919 % 35000) / 1000.0)::numeric, 6),"
            + " round((-10 + (g::bigint * 104729 % 50000) / 1000.0)::numeric, 6) FROM generate_series(1, $2) g")
        .execute(Tuple.of(NETWORK, LOCATIONS)));
    await(pg.query("ANALYZE locations").execute());
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
  void theSearchIsARangeScanOfTheGeoIndexNotATableScan() throws Exception {
    GeoBox box = GeoBox.around(48.8566, 2.3522, 10);
    Scope scope = Scope.networks(Set.of(NETWORK));
    Row plan = await(pg.preparedQuery("EXPLAIN (FORMAT JSON) SELECT l.id " + LocationQueries.near(scope))
        .execute(Tuple.from(new Object[] {scope.networkBind(), 48.8566, 2.3522,
            java.math.BigDecimal.valueOf(box.minLatitude()), java.math.BigDecimal.valueOf(box.maxLatitude()),
            java.math.BigDecimal.valueOf(box.minLongitude1()), java.math.BigDecimal.valueOf(box.maxLongitude1()),
            java.math.BigDecimal.valueOf(box.minLongitude2()), java.math.BigDecimal.valueOf(box.maxLongitude2()), 10.0})))
        .iterator().next();
    String text = plan.getValue(0).toString();
    assertTrue(text.contains("locations_published_geo_idx"), "the box does not use the geo index: " + text);
    assertFalse(text.contains("\"Seq Scan\""), "a sequential scan: " + text);
  }

  @Test
  void theNearestLocationsAmong100000AreFoundExactlyAndQuickly() throws Exception {
    Scope scope = Scope.networks(Set.of(NETWORK));
    await(locations.publishedNear(scope, 48.8566, 2.3522, 50, 20, 0)); // warm the prepared statement
    long start = System.nanoTime();
    Page<PublishedLocation> found = await(locations.publishedNear(scope, 48.8566, 2.3522, 50, 20, 0));
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(millis < 500, "a 50 km search over " + LOCATIONS + " locations took " + millis + " ms");
    assertFalse(found.items().isEmpty());
    double previous = -1;
    for (PublishedLocation l : found.items()) {
      double exact = GeoBox.distanceKm(48.8566, 2.3522, l.latitude().doubleValue(), l.longitude().doubleValue());
      assertEquals(exact, l.distanceKm(), 1e-6);
      assertTrue(l.distanceKm() <= 50 && l.distanceKm() >= previous, "out of radius or order: " + l.distanceKm());
      previous = l.distanceKm();
    }
    // exact: the count within the radius matches a full scan with the same formula
    long all = await(pg.preparedQuery("SELECT count(*) FROM locations l WHERE network_id = $1 AND "
            + String.format(GeoBox.HAVERSINE_KM, "$2", "$3") + " <= 50").execute(Tuple.of(NETWORK, 48.8566, 2.3522)))
        .iterator().next().getLong(0);
    assertEquals(all, found.total());
  }

  @Test
  void theBoxHoldsTheWholeCircleAcrossTheAntimeridianAndNearThePoles() {
    GeoBox fiji = GeoBox.around(-17.7, 179.9, 50);
    assertTrue(fiji.minLongitude1() > 179 && fiji.maxLongitude1() == 180, fiji.toString());
    assertTrue(fiji.minLongitude2() == -180 && fiji.maxLongitude2() < -179, fiji.toString());
    GeoBox pole = GeoBox.around(89.9, 0, 50);
    assertEquals(-180, pole.minLongitude1());
    assertEquals(180, pole.maxLongitude1());
    // every point on the circle's rim lies inside the box
    for (double lat : new double[] {0, 45, 60, -70}) {
      GeoBox box = GeoBox.around(lat, 10, 100);
      for (int bearing = 0; bearing < 360; bearing += 5) {
        double[] p = destination(lat, 10, bearing, 100);
        assertTrue(p[0] >= box.minLatitude() && p[0] <= box.maxLatitude()
            && p[1] >= box.minLongitude1() && p[1] <= box.maxLongitude1(), "rim point " + p[0] + "," + p[1] + " of " + box);
      }
    }
    assertEquals(343.56, GeoBox.distanceKm(48.8566, 2.3522, 51.5074, -0.1278), 0.01);
  }

  private static double[] destination(double lat, double lon, double bearingDeg, double km) {
    double d = km / GeoBox.EARTH_RADIUS_KM;
    double b = Math.toRadians(bearingDeg);
    double p1 = Math.toRadians(lat);
    double l1 = Math.toRadians(lon);
    double p2 = Math.asin(Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(b));
    double l2 = l1 + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(p1), Math.cos(d) - Math.sin(p1) * Math.sin(p2));
    return new double[] {Math.toDegrees(p2), Math.toDegrees(l2)};
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
