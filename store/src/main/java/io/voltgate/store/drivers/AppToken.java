package io.voltgate.store.drivers;

import java.util.Objects;
import java.util.UUID;

/**
 * An id token a driver charges with from the app ({@code id_tokens} row of type
 * {@value #APP_USER}): what OCPP Authorize looks up by {@code uid}.
 *
 * @param contractId the eMAID-like contract id, or null when the network has none to give
 */
public record AppToken(UUID id, String uid, String contractId, String alias) {

  public static final String APP_USER = "APP_USER";

  public AppToken {
    Objects.requireNonNull(id);
    Objects.requireNonNull(uid);
  }
}
