package io.voltgate.services.drivers;

import java.util.UUID;

/**
 * An access token and its refresh token, as handed to a driver.
 *
 * @param expiresIn seconds the access token is valid for
 */
public record IssuedTokens(UUID driverId, String accessToken, String refreshToken, long expiresIn) {
}
