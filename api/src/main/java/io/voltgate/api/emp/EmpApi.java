package io.voltgate.api.emp;

import io.voltgate.api.ApiServices;
import io.voltgate.api.family.ApiFamily;
import io.voltgate.api.family.ApiRoutes;

/**
 * The charging-key partner API, {@code /emp/v1}: partners' own emp keys. Every endpoint group of
 * the family; one line per group.
 */
public final class EmpApi {

  public static final ApiFamily FAMILY = ApiFamily.withApiKey("emp", "/emp/v1");

  private EmpApi() {
  }

  /** Declares the family's endpoint groups. */
  public static void register(ApiRoutes routes, ApiServices services) {
    // remote sessions (docs/emp-sessions.md)
    EmpSessionEndpoints.create(services).register(routes);
  }
}
