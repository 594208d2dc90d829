/**
 * Drivers' connector reservations below HTTP ({@link io.voltgate.services.reservations.Reservations}):
 * the rules (expiry bound, one active hold per driver), ReserveNow / CancelReservation through the
 * command service, and the events of created and cancelled reservations. What chargers report later
 * (expired, removed, used) is the gateway's ({@code gateway.core.ReservationService}). docs/emsp.md,
 * "Reservations".
 */
package io.voltgate.services.reservations;
