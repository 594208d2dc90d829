package io.voltgate.gateway.config;

/** Local event-bus addresses inside the gateway of one process. */
public final class GatewayAddresses {

  /**
   * Published (local) by {@link io.voltgate.gateway.identity.ChargerChangesVerticle} when a charger
   * changed anywhere in the deployment; body: the chargePointId. The identity cache is already
   * invalidated when it arrives.
   */
  public static final String CHARGER_CHANGED = "voltgate.gateway.charger.changed";

  private GatewayAddresses() {
  }
}
