package io.voltgate.api;

import io.voltgate.config.ConfigKey;
import io.voltgate.config.Settings;

/**
 * HTTP server settings.
 *
 * @param serveApi false on processes of role {@code gateway}: only health and metrics are served
 */
public record HttpOptions(String host, int port, boolean serveApi) {

  public static HttpOptions from(Settings settings, boolean serveApi) {
    return new HttpOptions(settings.string(ConfigKey.HOST),
        settings.integer(ConfigKey.HTTP_PORT, 0, 65535), serveApi);
  }
}
