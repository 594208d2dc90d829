package io.voltgate.api;

import io.voltgate.config.ConfigKey;
import io.voltgate.config.Settings;
import io.voltgate.services.fraud.FraudOptions;
import io.voltgate.store.pg.OcppLogOptions;
import io.voltgate.store.redis.EventPublisher;
import io.voltgate.store.redis.OnlineWindow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * HTTP server settings.
 *
 * @param serveApi false on processes of role {@code gateway}: only health and metrics are served
 * @param publicUrl base URL chargers reach this port at, or null: then no upload URL can be issued
 * @param uploadTokenTtl validity of an upload URL
 * @param uploadMaxBytes largest upload accepted
 * @param eventStreamMaxLen bound of the event stream when the API appends to it (forced stops)
 * @param fraud the fraud-hold rule's settings (clearing a hold applies the rule)
 * @param ocppLog the OCPP message log's settings (reads hide rows past a network's retention)
 */
public record HttpOptions(String host, int port, boolean serveApi, Duration onlineWindow, Duration commandTimeout,
    String publicUrl, Path uploadDir, Duration uploadTokenTtl, long uploadMaxBytes, int eventStreamMaxLen,
    FraudOptions fraud, OcppLogOptions ocppLog) {

  public static final Duration DEFAULT_UPLOAD_TOKEN_TTL = Duration.ofMinutes(15);
  public static final long DEFAULT_UPLOAD_MAX_BYTES = 64L * 1024 * 1024;
  /** {@code VOLTGATE_EVENT_STREAM_MAXLEN}'s default, for options built without settings (tests). */
  public static final int DEFAULT_EVENT_STREAM_MAXLEN = EventPublisher.maxLen(Settings.of(Map.of()));

  /** With the default fraud-hold and OCPP message log settings. */
  public HttpOptions(String host, int port, boolean serveApi, Duration onlineWindow, Duration commandTimeout,
      String publicUrl, Path uploadDir, Duration uploadTokenTtl, long uploadMaxBytes, int eventStreamMaxLen) {
    this(host, port, serveApi, onlineWindow, commandTimeout, publicUrl, uploadDir, uploadTokenTtl, uploadMaxBytes,
        eventStreamMaxLen, FraudOptions.defaults(), OcppLogOptions.DEFAULTS);
  }

  /** With the default event stream bound. */
  public HttpOptions(String host, int port, boolean serveApi, Duration onlineWindow, Duration commandTimeout,
      String publicUrl, Path uploadDir, Duration uploadTokenTtl, long uploadMaxBytes) {
    this(host, port, serveApi, onlineWindow, commandTimeout, publicUrl, uploadDir, uploadTokenTtl, uploadMaxBytes,
        DEFAULT_EVENT_STREAM_MAXLEN);
  }

  /** With the default upload limits. */
  public HttpOptions(String host, int port, boolean serveApi, Duration onlineWindow, Duration commandTimeout,
      String publicUrl, Path uploadDir) {
    this(host, port, serveApi, onlineWindow, commandTimeout, publicUrl, uploadDir, DEFAULT_UPLOAD_TOKEN_TTL,
        DEFAULT_UPLOAD_MAX_BYTES);
  }

  public static HttpOptions from(Settings settings, boolean serveApi) {
    return new HttpOptions(settings.string(ConfigKey.HOST),
        settings.integer(ConfigKey.HTTP_PORT, 0, 65535), serveApi,
        OnlineWindow.from(settings).duration(),
        Duration.ofSeconds(settings.integer(ConfigKey.COMMAND_TIMEOUT_S, 1, 600)),
        settings.get(ConfigKey.PUBLIC_HTTP_URL).map(HttpOptions::publicUrl).orElse(null),
        Path.of(settings.get(ConfigKey.UPLOAD_DIR).orElse(Path.of(settings.string(ConfigKey.DATA_DIR), "uploads").toString())),
        Duration.ofSeconds(settings.integer(ConfigKey.UPLOAD_TOKEN_TTL_S, 1, 7 * 86_400)),
        settings.integer(ConfigKey.UPLOAD_MAX_BYTES, 1, Integer.MAX_VALUE),
        EventPublisher.maxLen(settings), FraudOptions.from(settings), OcppLogOptions.from(settings));
  }

  private static String publicUrl(String url) {
    if (!url.startsWith("http://") && !url.startsWith("https://")) {
      throw new IllegalArgumentException("VOLTGATE_PUBLIC_HTTP_URL must start with http:// or https://, got " + url);
    }
    return url.replaceAll("/+$", "");
  }

  public HttpOptions withPort(int newPort) {
    return new HttpOptions(host, newPort, serveApi, onlineWindow, commandTimeout, publicUrl, uploadDir, uploadTokenTtl,
        uploadMaxBytes, eventStreamMaxLen, fraud, ocppLog);
  }

  public HttpOptions withPublicUrl(String url) {
    return new HttpOptions(host, port, serveApi, onlineWindow, commandTimeout, publicUrl(url), uploadDir, uploadTokenTtl,
        uploadMaxBytes, eventStreamMaxLen, fraud, ocppLog);
  }
}
