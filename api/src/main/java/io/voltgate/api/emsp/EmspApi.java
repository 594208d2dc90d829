package io.voltgate.api.emsp;

import io.voltgate.api.family.ApiFamily;

/**
 * The driver API, {@code /emsp/v1}: eMSP keys (server-side for partner back ends, publishable for
 * driver apps) plus the driver's bearer access token on the operations that act for a driver.
 */
public final class EmspApi {

  public static final ApiFamily FAMILY = ApiFamily.withApiKeyAndDriverToken("emsp", "/emsp/v1");

  private EmspApi() {
  }
}
