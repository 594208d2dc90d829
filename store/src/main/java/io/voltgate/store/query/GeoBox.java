package io.voltgate.store.query;

/**
 * A latitude/longitude box that holds every point within a distance of a centre: the prefilter of a
 * geosearch, a range scan of the (latitude, longitude) index; the exact distance ({@link #HAVERSINE_KM})
 * decides inside it. Longitude is given as two ranges so a box crossing the antimeridian needs no
 * other SQL (when it does not, both ranges are the same); a box reaching a pole spans every longitude.
 * Pure: no I/O.
 */
public record GeoBox(double minLatitude, double maxLatitude, double minLongitude1, double maxLongitude1,
    double minLongitude2, double maxLongitude2) {

  /** The mean Earth radius (IUGG), in km. */
  public static final double EARTH_RADIUS_KM = 6371.0088;

  /**
   * The great-circle distance in km between the point {@code ($lat, $lon)} (parameters, float8) and
   * a row's {@code latitude, longitude} columns of table alias {@code l}: the haversine formula.
   * {@code %1$s} and {@code %2$s} are the parameter placeholders.
   */
  static final String HAVERSINE_KM = "(2 * " + EARTH_RADIUS_KM + " * asin(least(1, sqrt("
      + "power(sin(radians(l.latitude::float8 - %1$s::float8) / 2), 2)"
      + " + cos(radians(%1$s::float8)) * cos(radians(l.latitude::float8))"
      + " * power(sin(radians(l.longitude::float8 - %2$s::float8) / 2), 2)))))";

  /** A margin so rounding at the edge of the box never loses a point the exact distance keeps. */
  private static final double MARGIN = 1.01;

  /** The box around the centre holding the circle of the radius (km). */
  public static GeoBox around(double latitude, double longitude, double radiusKm) {
    double angular = Math.min(Math.PI, radiusKm * MARGIN / EARTH_RADIUS_KM);
    double dLat = Math.toDegrees(angular);
    double minLat = latitude - dLat;
    double maxLat = latitude + dLat;
    if (minLat <= -90 || maxLat >= 90) {
      return new GeoBox(Math.max(-90, minLat), Math.min(90, maxLat), -180, 180, -180, 180);
    }
    // The widest longitude span of the circle (at the latitude where it touches its meridians).
    double ratio = Math.sin(angular) / Math.cos(Math.toRadians(latitude));
    if (ratio >= 1) {
      return new GeoBox(minLat, maxLat, -180, 180, -180, 180);
    }
    double dLon = Math.toDegrees(Math.asin(ratio));
    double minLon = longitude - dLon;
    double maxLon = longitude + dLon;
    if (minLon < -180) {
      return new GeoBox(minLat, maxLat, minLon + 360, 180, -180, maxLon);
    }
    if (maxLon > 180) {
      return new GeoBox(minLat, maxLat, minLon, 180, -180, maxLon - 360);
    }
    return new GeoBox(minLat, maxLat, minLon, maxLon, minLon, maxLon);
  }

  /** The great-circle distance in km (the same haversine formula the queries compute). */
  public static double distanceKm(double lat1, double lon1, double lat2, double lon2) {
    double dLat = Math.toRadians(lat2 - lat1);
    double dLon = Math.toRadians(lon2 - lon1);
    double h = Math.pow(Math.sin(dLat / 2), 2)
        + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.pow(Math.sin(dLon / 2), 2);
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
  }
}
