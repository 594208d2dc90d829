package io.voltgate.services.drivers;

/**
 * The answer to register, login and refresh ({@code tokenType} is always {@code Bearer}).
 *
 * @param driver the driver block; null after a refresh, whose seed answer has none
 */
public record DriverSession(String accessToken, String refreshToken, long expiresIn, DriverSummary driver) {

  public static final String TOKEN_TYPE = "Bearer";
}
