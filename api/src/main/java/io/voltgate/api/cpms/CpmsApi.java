package io.voltgate.api.cpms;

import io.vertx.sqlclient.Pool;
import io.voltgate.api.ApiServices;
import io.voltgate.api.auth.Scopes;
import io.voltgate.api.control.ControlEndpoints;
import io.voltgate.api.control.DiagnosticsEndpoints;
import io.voltgate.api.control.SessionControlEndpoints;
import io.voltgate.api.control.SmartChargingEndpoints;
import io.voltgate.api.cpms.fleet.LiveState;
import io.voltgate.api.family.ApiFamily;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.loadbalancing.LoadBalancingEndpoints;
import io.voltgate.services.payments.PaymentProvider;
import io.voltgate.store.query.ApiKeyQueries;
import io.voltgate.store.query.ChargerQueries;
import io.voltgate.store.query.ConnectorQueries;
import io.voltgate.store.query.FirmwareQueries;
import io.voltgate.store.query.LocationQueries;
import io.voltgate.store.query.NetworkQueries;
import io.voltgate.store.query.SessionQueries;
import io.voltgate.store.query.TariffAssignmentQueries;
import io.voltgate.store.query.TariffQueries;
import io.voltgate.store.query.TeamQueries;
import io.voltgate.store.query.TransactionQueries;

/** Every endpoint group of {@code /cpms/v1}; one line per group. */
public final class CpmsApi {

  /** The operator API: {@code /cpms/v1}, API keys of the cpms family. */
  public static final ApiFamily FAMILY = ApiFamily.withApiKey("cpms", "/cpms/v1");

  private CpmsApi() {
  }

  public static void register(ApiRoutes routes, ApiServices services) {
    // Query objects hold only the pool: one of each serves every group of this verticle.
    Pool pg = services.pg();
    NetworkQueries networks = new NetworkQueries(pg);
    LocationQueries locations = new LocationQueries(pg);
    ChargerQueries chargers = new ChargerQueries(pg);
    ApiKeyQueries apiKeys = new ApiKeyQueries(pg, Scopes.PLATFORM_ADMIN);
    LiveState live = new LiveState(services.redis(), services.clock(), services.onlineWindow());
    new AccountEndpoints(networks, apiKeys, services.auth(), services.clock()).register(routes);
    new ApiKeyEndpoints(apiKeys, networks, services.auth(), services.redis(), services.clock()).register(routes);
    new LocationEndpoints(locations, networks, services.clock()).register(routes);
    new ChargerEndpoints(chargers, locations, live, ChargerRegistration.on(services), services.redis(), services.clock())
        .register(routes);
    new PendingChargerEndpoints(services).register(routes);
    new ConnectorEndpoints(new ConnectorQueries(pg), live, services.clock()).register(routes);
    new SettingsEndpoints(networks).register(routes);
    new TeamEndpoints(new TeamQueries(pg), networks).register(routes);
    new FirmwareEndpoints(new FirmwareQueries(pg), networks).register(routes);
    new ControlEndpoints(services).register(routes);
    new DiagnosticsEndpoints(services).register(routes);
    new SessionControlEndpoints(services, PaymentProvider.DISABLED).register(routes);
    new SmartChargingEndpoints(services).register(routes);
    new LoadBalancingEndpoints(services).register(routes);
    new TariffEndpoints(new TariffQueries(pg)).register(routes);
    new TariffAssignmentEndpoints(new TariffAssignmentQueries(pg)).register(routes);
    new SessionEndpoints(new SessionQueries(pg), services.redis(), services.clock()).register(routes);
    new TransactionEndpoints(new TransactionQueries(pg)).register(routes);
  }
}
