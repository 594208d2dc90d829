package io.voltgate.gateway;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.voltgate.gateway.connection.NodeLiveness;
import io.voltgate.gateway.identity.ChargerChangesVerticle;

/** Deploys the gateway of one process: the identity-cache follower, then one verticle per event loop. */
public final class Gateway {

  private Gateway() {
  }

  /** Completes when the OCPP port listens on every gateway verticle. */
  public static Future<String> deploy(Vertx vertx, GatewayServices services) {
    services.metrics().watchIdentityCache(services.identities());
    return vertx.deployVerticle(new ChargerChangesVerticle(services.backends(), services.identities(),
            services.options().identityCacheSize(), GatewayServices.IDENTITY_RESYNC))
        .compose(ignored -> vertx.deployVerticle(new NodeLiveness(services.nodeId(), services.backends().redisUrl(),
            NodeLiveness.INTERVAL_MS, NodeLiveness.TTL_MS)))
        .compose(ignored -> vertx.deployVerticle(() -> new GatewayVerticle(services),
            new DeploymentOptions().setInstances(Math.max(1, services.instances()))));
  }
}
