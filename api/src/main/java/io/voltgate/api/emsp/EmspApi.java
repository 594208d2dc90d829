package io.voltgate.api.emsp;

import io.voltgate.services.analytics.AnalyticsReports;
import io.voltgate.store.query.AnalyticsQueries;
import io.vertx.sqlclient.Pool;
import io.voltgate.api.ApiServices;
import io.voltgate.api.family.ApiFamily;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.services.billing.CostEstimates;
import io.voltgate.services.billing.Invoicing;
import io.voltgate.services.billing.SessionBilling;
import io.voltgate.services.charging.ChargingSchedules;
import io.voltgate.services.charging.DriverControl;
import io.voltgate.services.charging.RemoteCharging;
import io.voltgate.store.query.FraudQueries;
import io.voltgate.services.charging.SessionCosts;
import io.voltgate.services.commands.ChargerControl;
import io.voltgate.api.sse.EventFeed;
import io.voltgate.services.content.ProblemReports;
import io.voltgate.services.drivers.DriverServices;
import io.voltgate.services.webhooks.WebhookOptions;
import io.voltgate.services.webhooks.WebhookSubscriptions;
import io.voltgate.services.reservations.Reservations;
import io.voltgate.store.query.ChargerQueries;
import io.voltgate.store.query.ChargingScheduleQueries;
import io.voltgate.store.query.ConnectorQueries;
import io.voltgate.store.query.ControlQueries;
import io.voltgate.store.query.DriverQueries;
import io.voltgate.store.query.DriverStreamQueries;
import io.voltgate.store.query.FavoriteQueries;
import io.voltgate.store.query.InvoiceQueries;
import io.voltgate.store.query.IdTokenQueries;
import io.voltgate.store.query.LocationQueries;
import io.voltgate.store.query.NetworkQueries;
import io.voltgate.store.query.NotificationPreferenceQueries;
import io.voltgate.store.query.ProblemReportQueries;
import io.voltgate.store.query.ReservationQueries;
import io.voltgate.store.query.ReviewQueries;
import io.voltgate.store.query.SessionQueries;
import io.voltgate.store.query.SessionViews;
import io.voltgate.store.query.TariffAssignmentQueries;
import io.voltgate.store.query.TariffQueries;
import io.voltgate.store.query.ReportQueries;
import io.voltgate.store.query.TransactionQueries;
import io.voltgate.store.redis.ChargerLiveState;
import io.voltgate.store.redis.LiveSessionValues;
import java.time.Duration;
import io.voltgate.store.query.WebhookQueries;
import io.voltgate.store.security.SecretBox;

/**
 * The driver API, {@code /emsp/v1}: eMSP keys (server-side for partner back ends, publishable for
 * driver apps) plus the driver's bearer access token on the operations that act for a driver.
 * Every endpoint group of the family; one line per group.
 */
public final class EmspApi {

  public static final ApiFamily FAMILY = ApiFamily.withApiKeyAndDriverToken("emsp", "/emsp/v1");

  /**
   * How long {@code POST /charging/stop} waits for the charger's stop report after it accepted the
   * stop: well under an HTTP client's usual 30 to 60 s timeout (the command itself may take up to
   * the command timeout before).
   */
  static final Duration STOP_WAIT = Duration.ofSeconds(10);

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
    TariffQueries tariffs = new TariffQueries(pg);
    new TariffDiscoveryEndpoints(tariffs).register(routes);
    NetworkQueries networks = new NetworkQueries(pg);
    new BrandingEndpoints(networks).register(routes);
    DriverQueries users = new DriverQueries(pg);
    new UserEndpoints(users, services.clock()).register(routes);
    new TokenEndpoints(new IdTokenQueries(pg), users, networks, services.redis()).register(routes);
    new FavoriteEndpoints(new FavoriteQueries(pg)).register(routes);
    new LocationFeedbackEndpoints(locations, reviews,
        new ProblemReports(new ProblemReportQueries(pg), services.events(), services.clock())).register(routes);
    new NotificationPreferenceEndpoints(new NotificationPreferenceQueries(pg)).register(routes);
    new PushEndpoints(drivers.push()).register(routes);
    new PricingEndpoints(new CostEstimates(tariffs, services.clock())).register(routes);
    new TransactionHistoryEndpoints(new TransactionQueries(pg)).register(routes);
    new ReportExportEndpoints(new ReportQueries(pg), services.auth(), services.clock()).register(routes);
    new InvoiceEndpoints(new Invoicing(new InvoiceQueries(pg), services.clock())).register(routes);
    new PaymentEndpoints(networks).register(routes);
    SessionQueries sessions = new SessionQueries(pg);
    SessionViews sessionViews = new SessionViews(sessions, new LiveSessionValues(services.redis()));
    SessionBilling billing = new SessionBilling(pg);
    RemoteCharging charging = new RemoteCharging(services.vertx(), chargers, new IdTokenQueries(pg), sessionViews,
        sessions, billing, services.commands(), services.clock(), STOP_WAIT, new FraudQueries(pg));
    new ChargingEndpoints(charging, sessionViews, new SessionCosts(billing, services.clock()), services.clock())
        .register(routes);
    ChargingScheduleQueries schedules = new ChargingScheduleQueries(pg);
    new ChargingScheduleEndpoints(new ChargingSchedules(charging, schedules, services.clock()), schedules).register(routes);
    new EmspWebhookEndpoints(new WebhookSubscriptions(new WebhookQueries(pg, FAMILY.name()), new NetworkQueries(pg),
        services.clock(), secrets, webhooks, services.vertx(), FAMILY.pathPrefix() + "/webhooks/event-types")).register(routes);
    new EmspEventStreamEndpoints(feed, new DriverStreamQueries(pg), services.vertx()).register(routes);
    ReservationQueries reservations = new ReservationQueries(pg);
    new ReservationEndpoints(reservations, new Reservations(reservations, services.commands(), services.events(),
        services.clock())).register(routes);
    new EmspAnalyticsEndpoints(new AnalyticsReports(new AnalyticsQueries(pg), live, services.clock()), services.clock())
        .register(routes);
    new DriverControlEndpoints(new DriverControl(new ControlQueries(pg), sessions, reservations,
        new ChargerControl(services.commands()))).register(routes);
  }
}
