package io.voltgate.gateway;

import io.voltgate.gateway.config.GatewayOptions;
import io.voltgate.gateway.core.DataTransferRegistry;
import io.voltgate.gateway.metrics.GatewayMetrics;
import io.voltgate.schemas.SchemaRegistry;
import io.voltgate.store.Backends;
import io.voltgate.store.identity.CredentialDigest;
import io.voltgate.store.identity.IdentityCache;
import java.time.Duration;
import java.util.Objects;

/**
 * What every gateway verticle instance is built from: immutable or thread-safe pieces only (each
 * instance creates its own clients from them, so no mutable state is shared across event loops).
 *
 * @param instances how many gateway verticles share the port (per-node budgets are divided by it)
 * @param identities the process's charger identity cache (thread-safe, shared by the verticles)
 */
public record GatewayServices(
    GatewayOptions options,
    Backends backends,
    GatewayMetrics metrics,
    SchemaRegistry schemas,
    DataTransferRegistry dataTransfer,
    String nodeId,
    int instances,
    IdentityCache identities) {

  /** Known chargers stay cached this long at most, should an invalidation message be lost. */
  private static final Duration IDENTITY_TTL = Duration.ofMinutes(10);
  /**
   * The identity cache is reloaded in full this often: it refreshes every known charger well before
   * {@link #IDENTITY_TTL} and drops chargers whose deletion notice was lost.
   */
  public static final Duration IDENTITY_RESYNC = Duration.ofMinutes(3);
  /** Unknown ids are remembered briefly (creating a charger also invalidates them everywhere). */
  private static final Duration UNKNOWN_ID_TTL = Duration.ofSeconds(10);

  /**
   * With a new identity cache sized by the options, whose credential digests use a key of this process
   * only (not shared with other nodes through Redis; see {@link #identityCache}).
   */
  public GatewayServices(GatewayOptions options, Backends backends, GatewayMetrics metrics, SchemaRegistry schemas,
      DataTransferRegistry dataTransfer, String nodeId, int instances) {
    this(options, backends, metrics, schemas, dataTransfer, nodeId, instances,
        new IdentityCache(options.identityCacheSize(), IDENTITY_TTL, UNKNOWN_ID_TTL));
  }

  /**
   * The process's identity cache sized by the options.
   *
   * @param credentialKey the deployment's key for credential digests (derived from its secret key), so
   *     a credential verified on one node is not bcrypt-checked again on another or after a restart
   */
  public static IdentityCache identityCache(GatewayOptions options, byte[] credentialKey) {
    return new IdentityCache(options.identityCacheSize(), IDENTITY_TTL, UNKNOWN_ID_TTL, new CredentialDigest(credentialKey));
  }

  public GatewayServices {
    Objects.requireNonNull(identities);
    Objects.requireNonNull(options);
    Objects.requireNonNull(backends);
    Objects.requireNonNull(metrics);
    Objects.requireNonNull(schemas);
    Objects.requireNonNull(dataTransfer);
    Objects.requireNonNull(nodeId);
  }
}
