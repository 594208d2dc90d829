package io.voltgate.api.cpms;

import io.vertx.sqlclient.Pool;
import io.voltgate.api.ApiServices;
import io.voltgate.api.auth.Scopes;
import io.voltgate.services.commands.ChargerCommands;
import io.voltgate.api.control.ControlEndpoints;
import io.voltgate.api.control.DiagnosticsEndpoints;
import io.voltgate.api.control.OcppLogEndpoints;
import io.voltgate.api.sse.OpenStreams;
import io.voltgate.store.query.OcppMessageQueries;
import io.voltgate.api.control.SessionControlEndpoints;
import io.voltgate.api.control.SmartChargingEndpoints;
import io.voltgate.store.redis.ChargerLiveState;
import io.voltgate.api.family.ApiFamily;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.loadbalancing.LoadBalancingEndpoints;
import io.voltgate.services.loadbalancing.LoadBalancer;
import io.voltgate.services.payments.PaymentProvider;
import io.voltgate.store.pg.PendingChargerRepository;
import io.voltgate.store.pg.SessionRepository;
import io.voltgate.services.analytics.AnalyticsReports;
import io.voltgate.store.query.AnalyticsQueries;
import io.voltgate.store.query.ApiKeyQueries;
import io.voltgate.store.query.ChargerQueries;
import io.voltgate.store.query.ConnectorQueries;
import io.voltgate.store.query.ControlQueries;
import io.voltgate.store.query.FirmwareQueries;
import io.voltgate.store.query.FraudQueries;
import io.voltgate.services.fraud.FraudHolds;
import io.voltgate.store.query.LocationQueries;
import io.voltgate.store.query.NetworkQueries;
import io.voltgate.store.query.SessionQueries;
import io.voltgate.store.query.SessionViews;
import io.voltgate.store.redis.LiveSessionValues;
import io.voltgate.store.query.TariffAssignmentQueries;
import io.voltgate.store.query.TariffQueries;
import io.voltgate.store.query.TeamQueries;
import io.voltgate.store.query.ReportQueries;
import io.voltgate.store.query.TransactionQueries;

/** Every endpoint group of {@code /cpms/v1}; one line per group. */
public final class CpmsApi {

  /** The operator API: {@code /cpms/v1}, API keys of the cpms family. */
  public static final ApiFamily FAMILY = ApiFamily.withApiKey("cpms", "/cpms/v1");

  private CpmsApi() {
  }

  public static void register(ApiRoutes routes, ApiServices services, OpenStreams streams) {
    // Query objects hold only the pool: one of each serves every group of this verticle.
    Pool pg = services.pg();
    NetworkQueries networks = new NetworkQueries(pg);
    LocationQueries locations = new LocationQueries(pg);
    ChargerQueries chargers = new ChargerQueries(pg);
    ApiKeyQueries apiKeys = new ApiKeyQueries(pg, Scopes.PLATFORM_ADMIN);
    FirmwareQueries firmware = new FirmwareQueries(pg);
    ControlQueries control = new ControlQueries(pg);
    SessionQueries sessions = new SessionQueries(pg);
    ChargerLiveState live = new ChargerLiveState(services.redis(), services.clock(), services.onlineWindow());
    ChargerCommands commands = services.commands();
    // One registration for both ways a charger joins a network (registered directly, or accepted from the queue).
    ChargerRegistration registration = new ChargerRegistration(chargers, locations, networks, firmware,
        services.vertx(), services.redis(), services.credentialDigests());
    LoadBalancer balancer = new LoadBalancer(pg, services.redis(), commands.client(), services.clock(),
        commands.timeout().toMillis());
    new AccountEndpoints(networks, apiKeys, services.auth(), services.clock()).register(routes);
    new ApiKeyEndpoints(apiKeys, networks, services.auth(), services.redis(), services.clock()).register(routes);
    new LocationEndpoints(locations, networks, services.clock()).register(routes);
    new ChargerEndpoints(chargers, locations, live, registration, services.redis(), services.clock()).register(routes);
    new PendingChargerEndpoints(registration, new PendingChargerRepository(pg)).register(routes);
    new ConnectorEndpoints(new ConnectorQueries(pg), live, services.clock()).register(routes);
    new SettingsEndpoints(networks).register(routes);
    new TeamEndpoints(new TeamQueries(pg), networks).register(routes);
    new FirmwareEndpoints(firmware, networks).register(routes);
    FraudQueries fraud = new FraudQueries(pg);
    new ControlEndpoints(control, live, services.redis(), commands, fraud).register(routes);
    OcppMessageQueries messageLog = new OcppMessageQueries(pg, services.ocppLogRetentionDays());
    new DiagnosticsEndpoints(control, live, services.redis(), commands, services.uploads(), services.publicUrl(),
        services.clock(), messageLog).register(routes);
    new OcppLogEndpoints(messageLog, control, services.redis(), services.redisUrl(), services.vertx(), commands, streams)
        .register(routes);
    new SessionControlEndpoints(new SessionRepository(pg), sessions, services.events(), services.clock(), commands,
        PaymentProvider.DISABLED).register(routes);
    new SmartChargingEndpoints(control, services.redis(), commands).register(routes);
    new LoadBalancingEndpoints(locations, balancer, services.clock()).register(routes);
    new TariffEndpoints(new TariffQueries(pg)).register(routes);
    new TariffAssignmentEndpoints(new TariffAssignmentQueries(pg)).register(routes);
    new SessionEndpoints(new SessionViews(sessions, new LiveSessionValues(services.redis())), services.clock())
        .register(routes);
    new TransactionEndpoints(new TransactionQueries(pg)).register(routes);
    new FraudEndpoints(new FraudHolds(fraud, services.redis(), services.fraud())).register(routes);
    new AnalyticsEndpoints(new AnalyticsReports(new AnalyticsQueries(pg), live, services.clock()), services.clock())
        .register(routes);
    new ReportEndpoints(new ReportQueries(pg), services.auth(), services.clock()).register(routes);
  }
}
