/**
 * Driver identity of the eMSP API, below HTTP: accounts ({@link io.voltgate.services.drivers.DriverAccounts}),
 * password recovery ({@link io.voltgate.services.drivers.PasswordResets}), access and refresh tokens
 * ({@link io.voltgate.services.drivers.DriverTokens} over {@link io.voltgate.services.drivers.SigningKeys}),
 * Argon2id passwords ({@link io.voltgate.services.drivers.PasswordHasher}) and login throttling
 * ({@link io.voltgate.services.drivers.LoginThrottle}). docs/emsp-auth.md describes the formats and limits.
 */
package io.voltgate.services.drivers;
