package io.voltgate.api.emsp;

import io.voltgate.api.family.ApiFamily;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.services.drivers.DriverServices;

/**
 * The driver API, {@code /emsp/v1}: eMSP keys (server-side for partner back ends, publishable for
 * driver apps) plus the driver's bearer access token on the operations that act for a driver.
 */
public final class EmspApi {

  public static final ApiFamily FAMILY = ApiFamily.withApiKeyAndDriverToken("emsp", "/emsp/v1");

  private EmspApi() {
  }

  /** Declares the family's endpoint groups. */
  public static void register(ApiRoutes routes, DriverServices drivers) {
    new DriverAuthEndpoints(drivers.accounts(), drivers.resets()).register(routes);
  }
}
