package io.voltgate.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import io.voltgate.schemas.SchemaRegistry;
import io.voltgate.store.Backends;
import java.util.Objects;

/**
 * What every gateway verticle instance is built from: immutable, thread-safe pieces only (each
 * instance creates its own clients from them, so no mutable state is shared across event loops).
 */
public record GatewayServices(
    GatewayOptions options,
    Backends backends,
    MeterRegistry meters,
    SchemaRegistry schemas,
    String nodeId) {

  public GatewayServices {
    Objects.requireNonNull(options);
    Objects.requireNonNull(backends);
    Objects.requireNonNull(meters);
    Objects.requireNonNull(schemas);
    Objects.requireNonNull(nodeId);
  }
}
