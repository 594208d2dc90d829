package io.voltgate.gateway.core;

import io.vertx.core.Future;
import io.voltgate.gateway.charger.ChargerConnection;

/**
 * Confirms against Postgres the identity of a socket opened at once under an id the identity cache
 * did not know (and registers it under the auto-register policy). What {@link BootService} waits for,
 * bounded, before answering such a socket's BootNotification.
 */
@FunctionalInterface
public interface IdentitySettlement {

  /**
   * Completes once {@code conn} is {@linkplain ChargerConnection#settled() settled} (its charger is
   * what Postgres holds, or none) or closed (the id has credentials the socket lacks); at once when
   * it already is. Fails when it cannot be settled now (Postgres down, too many waiting): ask again
   * later.
   */
  Future<Void> settle(ChargerConnection conn);
}
