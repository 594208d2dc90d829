package io.voltgate.api;

import io.voltgate.config.ConfigKey;
import io.voltgate.config.Settings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * HTTP server settings.
 *
 * @param serveApi false on processes of role {@code gateway}: only health and metrics are served
 * @param publicUrl base URL chargers reach this port at, or null: then no upload URL can be issued
 * @param uploadTokenTtl validity of an upload URL
 * @param uploadMaxBytes largest upload accepted
 */
public record HttpOptions(String host, int port, boolean serveApi, Duration onlineWindow, Duration commandTimeout,
    String publicUrl, Path uploadDir, Duration uploadTokenTtl, long uploadMaxBytes) {

  public static final Duration DEFAULT_UPLOAD_TOKEN_TTL = Duration.ofMinutes(15);
  public static final long DEFAULT_UPLOAD_MAX_BYTES = 64L * 1024 * 1024;

  /** With the default upload limits. */
  public HttpOptions(String host, int port, boolean serveApi, Duration onlineWindow, Duration commandTimeout,
      String publicUrl, Path uploadDir) {
    this(host, port, serveApi, onlineWindow, commandTimeout, publicUrl, uploadDir, DEFAULT_UPLOAD_TOKEN_TTL,
        DEFAULT_UPLOAD_MAX_BYTES);
  }

  public static HttpOptions from(Settings settings, boolean serveApi) {
    return new HttpOptions(settings.string(ConfigKey.HOST),
        settings.integer(ConfigKey.HTTP_PORT, 0, 65535), serveApi,
        Duration.ofSeconds(settings.integer(ConfigKey.ONLINE_WINDOW_S, 1, 86_400)),
        Duration.ofSeconds(settings.integer(ConfigKey.COMMAND_TIMEOUT_S, 1, 600)),
        settings.get(ConfigKey.PUBLIC_HTTP_URL).map(HttpOptions::publicUrl).orElse(null),
        Path.of(settings.get(ConfigKey.UPLOAD_DIR).orElse(Path.of(settings.string(ConfigKey.DATA_DIR), "uploads").toString())),
        Duration.ofSeconds(settings.integer(ConfigKey.UPLOAD_TOKEN_TTL_S, 1, 7 * 86_400)),
        settings.integer(ConfigKey.UPLOAD_MAX_BYTES, 1, Integer.MAX_VALUE));
  }

  private static String publicUrl(String url) {
    if (!url.startsWith("http://") && !url.startsWith("https://")) {
      throw new IllegalArgumentException("VOLTGATE_PUBLIC_HTTP_URL must start with http:// or https://, got " + url);
    }
    return url.replaceAll("/+$", "");
  }

  public HttpOptions withPort(int newPort) {
    return new HttpOptions(host, newPort, serveApi, onlineWindow, commandTimeout, publicUrl, uploadDir, uploadTokenTtl,
        uploadMaxBytes);
  }

  public HttpOptions withPublicUrl(String url) {
    return new HttpOptions(host, port, serveApi, onlineWindow, commandTimeout, publicUrl(url), uploadDir, uploadTokenTtl,
        uploadMaxBytes);
  }
}
