package io.voltgate.gateway.config;

import io.voltgate.config.ConfigKey;
import io.voltgate.config.Settings;
import io.voltgate.store.pg.OcppLogOptions;
import io.voltgate.store.redis.EventPublisher;
import java.time.Duration;
import java.util.UUID;

/**
 * Gateway settings with validated bounds.
 *
 * @param pathPrefix charger endpoint prefix, e.g. {@code /ocpp}
 * @param maxFrameBytes largest frame accepted; larger frames get a CALLERROR
 * @param heartbeatInterval interval handed to chargers in BootNotification responses
 * @param unknownChargerPolicy what a BootNotification from an unknown charger gets
 * @param autoRegisterNetwork the network auto-registered chargers join, or null (then the only one)
 * @param ocppLog the OCPP message log's capture settings
 * @param inboundLimits how fast one charger's frames are read (see {@code InboundPacing})
 */
public record GatewayOptions(
    String host,
    int port,
    String pathPrefix,
    int maxFrameBytes,
    Duration heartbeatInterval,
    UnknownChargerPolicy unknownChargerPolicy,
    UUID autoRegisterNetwork,
    Duration pingInterval,
    Duration idleTimeout,
    int handshakesPerSecond,
    int handshakesPerIpPerSecond,
    int handshakeMaxInFlight,
    Duration handshakeDeadline,
    int identityCacheSize,
    int newcomersMaxPending,
    Duration stateFlushInterval,
    int stateMaxPending,
    int bootsPerSecond,
    String leniencyRules,
    int eventStreamMaxLen,
    int redisPoolSize,
    Tls tls,
    OcppLogOptions ocppLog,
    InboundLimits inboundLimits) {

  /**
   * Per-charger pacing of inbound frames.
   *
   * @param ratePerSecond frames per second in the long run, 0 = unlimited
   * @param burst frames at once before the rate applies
   * @param maxInFlight CALLs handled at once
   */
  public record InboundLimits(int ratePerSecond, int burst, int maxInFlight) {
  }

  /**
   * The optional TLS listener (security profiles 2 and 3).
   *
   * @param port 0 = a free port (tests); absent settings mean no TLS listener at all
   * @param clientCaFile trusted CA for client certificates, or null (then profile 3 cannot succeed)
   */
  public record Tls(int port, String certFile, String keyFile, String clientCaFile) {
  }

  /** What a BootNotification from a charger we have never seen gets. */
  public enum UnknownChargerPolicy {
    AUTO_REGISTER, PENDING, REJECTED;

    static UnknownChargerPolicy parse(String raw) {
      return switch (raw.toLowerCase(java.util.Locale.ROOT)) {
        case "auto-register" -> AUTO_REGISTER;
        case "pending" -> PENDING;
        case "rejected" -> REJECTED;
        default -> throw new Settings.ConfigException(ConfigKey.UNKNOWN_CHARGER_POLICY.envName()
            + "=" + raw + " is not one of auto-register, pending, rejected");
      };
    }
  }

  public static GatewayOptions from(Settings s) {
    String prefix = s.string(ConfigKey.OCPP_PATH_PREFIX);
    if (!prefix.startsWith("/")) {
      prefix = "/" + prefix;
    }
    if (prefix.endsWith("/")) {
      prefix = prefix.substring(0, prefix.length() - 1);
    }
    return new GatewayOptions(
        s.string(ConfigKey.HOST),
        s.integer(ConfigKey.OCPP_PORT, 0, 65535),
        prefix,
        s.integer(ConfigKey.MAX_FRAME_BYTES, 1024, 16 * 1024 * 1024),
        Duration.ofSeconds(s.integer(ConfigKey.HEARTBEAT_INTERVAL_S, 1, 86_400)),
        UnknownChargerPolicy.parse(s.string(ConfigKey.UNKNOWN_CHARGER_POLICY)),
        s.get(ConfigKey.AUTO_REGISTER_NETWORK).map(raw -> uuid(ConfigKey.AUTO_REGISTER_NETWORK, raw)).orElse(null),
        Duration.ofSeconds(s.integer(ConfigKey.WS_PING_INTERVAL_S, 0, 86_400)),
        Duration.ofSeconds(s.integer(ConfigKey.WS_IDLE_TIMEOUT_S, 0, 86_400)),
        s.integer(ConfigKey.HANDSHAKES_PER_SECOND, 1, 1_000_000),
        s.integer(ConfigKey.HANDSHAKES_PER_IP_PER_SECOND, 1, 1_000_000),
        s.integer(ConfigKey.HANDSHAKE_MAX_IN_FLIGHT, 1, 1_000_000),
        Duration.ofMillis(s.integer(ConfigKey.HANDSHAKE_DEADLINE_MS, 100, 600_000)),
        s.integer(ConfigKey.IDENTITY_CACHE_SIZE, 1000, 100_000_000),
        s.integer(ConfigKey.NEWCOMERS_MAX_PENDING, 1, 10_000_000),
        Duration.ofMillis(s.integer(ConfigKey.STATE_FLUSH_MS, 10, 3_600_000)),
        s.integer(ConfigKey.STATE_MAX_PENDING, 100, 100_000_000),
        s.integer(ConfigKey.BOOTS_PER_SECOND, 1, 1_000_000),
        s.get(ConfigKey.LENIENCY_RULES).orElse(""),
        EventPublisher.maxLen(s),
        s.integer(ConfigKey.REDIS_POOL_SIZE, 1, 1000),
        tls(s),
        OcppLogOptions.from(s),
        new InboundLimits(s.integer(ConfigKey.OCPP_INBOUND_RATE, 0, 1_000_000),
            s.integer(ConfigKey.OCPP_INBOUND_BURST, 1, 10_000_000),
            s.integer(ConfigKey.OCPP_INBOUND_MAX_IN_FLIGHT, 1, 10_000)));
  }

  private static UUID uuid(ConfigKey key, String raw) {
    try {
      return UUID.fromString(raw.trim());
    } catch (IllegalArgumentException e) {
      throw new Settings.ConfigException(key.envName() + "=" + raw + " is not a uuid");
    }
  }

  private static Tls tls(Settings s) {
    if (s.get(ConfigKey.OCPP_TLS_PORT).isEmpty()) {
      return null;
    }
    String cert = s.get(ConfigKey.TLS_CERT_FILE).orElseThrow(() -> new Settings.ConfigException(
        ConfigKey.OCPP_TLS_PORT.envName() + " needs " + ConfigKey.TLS_CERT_FILE.envName()));
    String key = s.get(ConfigKey.TLS_KEY_FILE).orElseThrow(() -> new Settings.ConfigException(
        ConfigKey.OCPP_TLS_PORT.envName() + " needs " + ConfigKey.TLS_KEY_FILE.envName()));
    return new Tls(s.integer(ConfigKey.OCPP_TLS_PORT, 0, 65535), cert, key,
        s.get(ConfigKey.TLS_CLIENT_CA_FILE).orElse(null));
  }

  /** Same options on another port (the launcher resolves port 0 to a free port up front). */
  public GatewayOptions withPort(int newPort) {
    return new GatewayOptions(host, newPort, pathPrefix, maxFrameBytes, heartbeatInterval,
        unknownChargerPolicy, autoRegisterNetwork, pingInterval, idleTimeout, handshakesPerSecond,
        handshakesPerIpPerSecond, handshakeMaxInFlight, handshakeDeadline, identityCacheSize, newcomersMaxPending, stateFlushInterval, stateMaxPending, bootsPerSecond, leniencyRules, eventStreamMaxLen, redisPoolSize, tls, ocppLog, inboundLimits);
  }
}
