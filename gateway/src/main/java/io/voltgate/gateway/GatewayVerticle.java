package io.voltgate.gateway;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.voltgate.schemas.OcppVersion;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One per event loop; all instances share the OCPP port. */
public final class GatewayVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayVerticle.class);

  private final GatewayServices services;
  private HttpServer server;

  public GatewayVerticle(GatewayServices services) {
    this.services = Objects.requireNonNull(services);
  }

  @Override
  public Future<?> start() {
    GatewayOptions o = services.options();
    server = vertx.createHttpServer(new HttpServerOptions()
        .setHost(o.host())
        .setPort(o.port())
        .setMaxWebSocketFrameSize(o.maxFrameBytes())
        .setMaxWebSocketMessageSize(o.maxFrameBytes())
        .addWebSocketSubProtocol(OcppVersion.V201.subprotocol())
        .addWebSocketSubProtocol(OcppVersion.V16.subprotocol()));
    server.webSocketHandshakeHandler(this::handshake);
    server.webSocketHandler(ws -> ws.close((short) 1011, "not ready"));
    return server.listen().onSuccess(s -> LOG.debug("OCPP listening on {}", s.actualPort()));
  }

  private void handshake(ServerWebSocketHandshake handshake) {
    handshake.reject(404);
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
