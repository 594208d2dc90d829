package io.voltgate.store.model;

import java.time.Instant;

/**
 * The answer to "may this token charge?", version-neutral.
 *
 * @param status {@code Accepted}, {@code Blocked}, {@code Expired}, {@code Invalid} or
 *     {@code ConcurrentTx} (2.0.1 adds {@code Unknown}, {@code NoCredit}, ... which map here)
 */
public record Authorization(String status, String parentToken, String groupToken, Instant expiresAt) {

  public static Authorization invalid() {
    return new Authorization("Invalid", null, null, null);
  }

  public boolean accepted() {
    return "Accepted".equals(status);
  }
}
