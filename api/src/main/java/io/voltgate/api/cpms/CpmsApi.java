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
    new TariffEndpoints(services).register(routes);
    new TariffAssignmentEndpoints(services).register(routes);
    new SessionEndpoints(services).register(routes);
    new TransactionEndpoints(services).register(routes);
  }
}
