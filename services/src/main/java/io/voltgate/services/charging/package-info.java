/**
 * Charging on a driver's behalf, below HTTP: {@link io.voltgate.services.charging.RemoteCharging}
 * starts and stops sessions through the command service and waits (on timers, never blocking) for
 * the charger's stop report; {@link io.voltgate.services.charging.SessionCosts} prices a session
 * with the billing engine, the stored CDR once there is one. docs/emsp.md ("Charging") has the rules.
 */
package io.voltgate.services.charging;
