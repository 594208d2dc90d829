package io.voltgate.api.cpms;

import io.voltgate.api.ApiServices;
import io.voltgate.api.http.ApiRoutes;

/** Every endpoint group of {@code /cpms/v1}; one line per group. */
public final class CpmsApi {

  private CpmsApi() {
  }

  public static void register(ApiRoutes routes, ApiServices services) {
    new AccountEndpoints(services).register(routes);
    new ApiKeyEndpoints(services).register(routes);
    new LocationEndpoints(services).register(routes);
    new ChargerEndpoints(services).register(routes);
    new ConnectorEndpoints(services).register(routes);
    new SettingsEndpoints(services).register(routes);
    new TeamEndpoints(services).register(routes);
    new FirmwareEndpoints(services).register(routes);
  }
}
