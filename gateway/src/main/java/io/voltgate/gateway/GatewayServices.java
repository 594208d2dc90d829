package io.voltgate.gateway;

import io.voltgate.gateway.core.DataTransferRegistry;
import io.voltgate.gateway.metrics.GatewayMetrics;
import io.voltgate.schemas.SchemaRegistry;
import io.voltgate.store.Backends;
import java.util.Objects;

/**
 * What every gateway verticle instance is built from: immutable or thread-safe pieces only (each
 * instance creates its own clients from them, so no mutable state is shared across event loops).
 *
 * @param instances how many gateway verticles share the port (per-node budgets are divided by it)
 */
public record GatewayServices(
    GatewayOptions options,
    Backends backends,
    GatewayMetrics metrics,
    SchemaRegistry schemas,
    DataTransferRegistry dataTransfer,
    String nodeId,
    int instances) {

  public GatewayServices {
    Objects.requireNonNull(options);
    Objects.requireNonNull(backends);
    Objects.requireNonNull(metrics);
    Objects.requireNonNull(schemas);
    Objects.requireNonNull(dataTransfer);
    Objects.requireNonNull(nodeId);
  }
}
