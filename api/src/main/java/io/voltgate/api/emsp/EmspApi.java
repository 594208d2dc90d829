package io.voltgate.api.emsp;

import io.vertx.sqlclient.Pool;
import io.voltgate.api.ApiServices;
import io.voltgate.api.family.ApiFamily;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.sse.EventFeed;
import io.voltgate.services.content.ProblemReports;
import io.voltgate.services.drivers.DriverServices;
import io.voltgate.services.webhooks.WebhookOptions;
import io.voltgate.services.webhooks.WebhookSubscriptions;
import io.voltgate.store.query.ChargerQueries;
import io.voltgate.store.query.ConnectorQueries;
import io.voltgate.store.query.DriverQueries;
import io.voltgate.store.query.DriverStreamQueries;
import io.voltgate.store.query.FavoriteQueries;
import io.voltgate.store.query.IdTokenQueries;
import io.voltgate.store.query.LocationQueries;
import io.voltgate.store.query.NetworkQueries;
import io.voltgate.store.query.NotificationPreferenceQueries;
import io.voltgate.store.query.ProblemReportQueries;
import io.voltgate.store.query.ReviewQueries;
import io.voltgate.store.query.TariffAssignmentQueries;
import io.voltgate.store.query.TariffQueries;
import io.voltgate.store.query.WebhookQueries;
import io.voltgate.store.redis.ChargerLiveState;
import io.voltgate.store.security.SecretBox;

/**
 * The driver API, {@code /emsp/v1}: eMSP keys (server-side for partner back ends, publishable for
 * driver apps) plus the driver's bearer access token on the operations that act for a driver.
 * Every endpoint group of the family; one line per group.
 */
public final class EmspApi {

  public static final ApiFamily FAMILY = ApiFamily.withApiKeyAndDriverToken("emsp", "/emsp/v1");

  /** The eMSP seed pages by 20 (the operator API by 50). */
  static final int DEFAULT_PAGE_SIZE = 20;

  private EmspApi() {
  }

  /**
   * Declares the family's endpoint groups.
   *
   * @param feed the verticle's event feed (the operator's stream's too)
   * @param secrets seals webhook signing secrets
   * @param webhooks delivery settings (address allowlist, attempts)
   */
  public static void register(ApiRoutes routes, ApiServices services, DriverServices drivers, EventFeed feed,
      SecretBox secrets, WebhookOptions webhooks) {
    new DriverAuthEndpoints(drivers.accounts(), drivers.resets()).register(routes);
    // Query objects hold only the pool: one of each serves every group of this verticle.
    Pool pg = services.pg();
    ChargerQueries chargers = new ChargerQueries(pg);
    ChargerLiveState live = new ChargerLiveState(services.redis(), services.clock(), services.onlineWindow());
    new ChargerDiscoveryEndpoints(chargers, new ConnectorQueries(pg), new TariffAssignmentQueries(pg), live,
        services.commands()).register(routes);
    LocationQueries locations = new LocationQueries(pg);
    ReviewQueries reviews = new ReviewQueries(pg);
    new LocationDiscoveryEndpoints(locations, chargers, reviews, live).register(routes);
    new TariffDiscoveryEndpoints(new TariffQueries(pg)).register(routes);
    new BrandingEndpoints(new NetworkQueries(pg)).register(routes);
    DriverQueries users = new DriverQueries(pg);
    new UserEndpoints(users, services.clock()).register(routes);
    new TokenEndpoints(new IdTokenQueries(pg), users, new NetworkQueries(pg), services.redis()).register(routes);
    new FavoriteEndpoints(new FavoriteQueries(pg)).register(routes);
    new LocationFeedbackEndpoints(locations, reviews,
        new ProblemReports(new ProblemReportQueries(pg), services.events(), services.clock())).register(routes);
    new NotificationPreferenceEndpoints(new NotificationPreferenceQueries(pg)).register(routes);
    new EmspWebhookEndpoints(new WebhookSubscriptions(new WebhookQueries(pg, FAMILY.name()), new NetworkQueries(pg),
        services.clock(), secrets, webhooks, services.vertx(), FAMILY.pathPrefix() + "/webhooks/event-types")).register(routes);
    new EmspEventStreamEndpoints(feed, new DriverStreamQueries(pg), services.vertx()).register(routes);
  }
}
