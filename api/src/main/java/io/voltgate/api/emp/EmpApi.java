package io.voltgate.api.emp;

import io.vertx.sqlclient.Pool;
import io.voltgate.api.ApiServices;
import io.voltgate.api.family.ApiFamily;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.services.drivers.ContractIdIssuer;
import io.voltgate.services.emp.ChargingKeys;
import io.voltgate.store.query.ChargingKeyQueries;
import io.voltgate.store.query.EmpOrderQueries;
import io.voltgate.store.query.NetworkQueries;

/**
 * The charging-key partner API, {@code /emp/v1}: partners' own emp keys. Every endpoint group of the
 * family; one line per group.
 */
public final class EmpApi {

  public static final ApiFamily FAMILY = ApiFamily.withApiKey("emp", "/emp/v1");

  private EmpApi() {
  }

  /** Declares the family's endpoint groups. */
  public static void register(ApiRoutes routes, ApiServices services) {
    Pool pg = services.pg();
    // charging keys and orders (docs/emp.md)
    ChargingKeyQueries chargingKeys = new ChargingKeyQueries(pg);
    new ChargingKeyEndpoints(chargingKeys, new ChargingKeys(chargingKeys, new ContractIdIssuer(new NetworkQueries(pg)),
        services.redis(), services.clock())).register(routes);
    new OrderEndpoints(new EmpOrderQueries(pg)).register(routes);
    // remote sessions (docs/emp-sessions.md)
    EmpSessionEndpoints.create(services).register(routes);
  }
}
