package io.voltgate.api.cpms;

import io.voltgate.api.ApiServices;
import io.voltgate.api.control.ControlEndpoints;
import io.voltgate.api.control.DiagnosticsEndpoints;
import io.voltgate.api.control.SessionControlEndpoints;
import io.voltgate.api.control.SmartChargingEndpoints;
import io.voltgate.api.loadbalancing.LoadBalancingEndpoints;
import io.voltgate.api.payments.PaymentProvider;
import io.voltgate.api.http.ApiRoutes;
import io.voltgate.api.auth.Scopes;
import io.voltgate.api.cpms.fleet.LiveState;
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

  private CpmsApi() {
  }

  public static void register(ApiRoutes routes, ApiServices services) {
    new AccountEndpoints(new NetworkQueries(services.pg()), apiKeys(services), services.auth(), services.clock()).register(routes);
    new ApiKeyEndpoints(apiKeys(services), new NetworkQueries(services.pg()), services.auth(), services.redis(),
        services.clock()).register(routes);
    new LocationEndpoints(new LocationQueries(services.pg()), new NetworkQueries(services.pg()), services.clock()).register(routes);
    new ChargerEndpoints(new ChargerQueries(services.pg()), new LocationQueries(services.pg()), live(services),
        new ChargerRegistration(services), services.redis(), services.clock()).register(routes);
    new PendingChargerEndpoints(services).register(routes);
    new ConnectorEndpoints(new ConnectorQueries(services.pg()), live(services), services.clock()).register(routes);
    new SettingsEndpoints(new NetworkQueries(services.pg())).register(routes);
    new TeamEndpoints(new TeamQueries(services.pg()), new NetworkQueries(services.pg())).register(routes);
    new FirmwareEndpoints(new FirmwareQueries(services.pg()), new NetworkQueries(services.pg())).register(routes);
    new ControlEndpoints(services).register(routes);
    new DiagnosticsEndpoints(services).register(routes);
    new SessionControlEndpoints(services, PaymentProvider.DISABLED).register(routes);
    new SmartChargingEndpoints(services).register(routes);
    new LoadBalancingEndpoints(services).register(routes);
    new TariffEndpoints(new TariffQueries(services.pg())).register(routes);
    new TariffAssignmentEndpoints(new TariffAssignmentQueries(services.pg())).register(routes);
    new SessionEndpoints(new SessionQueries(services.pg()), services.redis(), services.clock()).register(routes);
    new TransactionEndpoints(new TransactionQueries(services.pg())).register(routes);
  }

  private static ApiKeyQueries apiKeys(ApiServices services) {
    return new ApiKeyQueries(services.pg(), Scopes.PLATFORM_ADMIN);
  }

  private static LiveState live(ApiServices services) {
    return new LiveState(services.redis(), services.clock(), services.onlineWindow());
  }
}
