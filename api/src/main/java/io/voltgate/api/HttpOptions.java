package io.voltgate.api;

import io.voltgate.config.ConfigKey;
import io.voltgate.config.Settings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * HTTP server settings.
 *
 * @param serveApi false on processes of role {@code gateway}: only health and metrics are served
 */
public record HttpOptions(String host, int port, boolean serveApi, Duration onlineWindow, Duration commandTimeout,
    String publicUrl, Path uploadDir) {

  public static HttpOptions from(Settings settings, boolean serveApi) {
    return new HttpOptions(settings.string(ConfigKey.HOST),
        settings.integer(ConfigKey.HTTP_PORT, 0, 65535), serveApi,
        Duration.ofSeconds(settings.integer(ConfigKey.ONLINE_WINDOW_S, 1, 86_400)),
        Duration.ofSeconds(settings.integer(ConfigKey.COMMAND_TIMEOUT_S, 1, 600)),
        settings.get(ConfigKey.PUBLIC_HTTP_URL).orElse(null),
        Path.of(settings.get(ConfigKey.UPLOAD_DIR).orElse(Path.of(settings.string(ConfigKey.DATA_DIR), "uploads").toString())));
  }

  public HttpOptions withPort(int newPort) {
    return new HttpOptions(host, newPort, serveApi, onlineWindow, commandTimeout, publicUrl, uploadDir);
  }
}
