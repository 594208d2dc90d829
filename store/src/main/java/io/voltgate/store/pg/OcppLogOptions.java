package io.voltgate.store.pg;

import io.voltgate.config.ConfigKey;
import io.voltgate.config.Settings;
import java.util.Map;

/**
 * The OCPP message log's settings (docs/ocpp-log.md), read by the gateway (capture), the API (reads
 * hide rows older than a network's retention) and the partition maintenance.
 *
 * @param enabled whether frames are captured at all
 * @param maxPayloadBytes frame text stored as-is up to this many characters, cut beyond
 * @param bufferSize entries per gateway event loop waiting for Postgres; beyond, shed and counted
 * @param flushMillis batch interval
 * @param retentionDays retention of a network without its own
 */
public record OcppLogOptions(boolean enabled, int maxPayloadBytes, int bufferSize, long flushMillis, int retentionDays) {

  /** The defaults of {@link ConfigKey}. */
  public static final OcppLogOptions DEFAULTS = from(Settings.of(Map.of()));

  public static OcppLogOptions from(Settings s) {
    return new OcppLogOptions(s.bool(ConfigKey.OCPP_LOG_ENABLED),
        s.integer(ConfigKey.OCPP_LOG_MAX_PAYLOAD_BYTES, 64, 16 * 1024 * 1024),
        s.integer(ConfigKey.OCPP_LOG_BUFFER_SIZE, 1, 10_000_000),
        s.integer(ConfigKey.OCPP_LOG_FLUSH_MS, 10, 3_600_000),
        s.integer(ConfigKey.OCPP_LOG_RETENTION_DAYS, 1, 3650));
  }
}
