/**
 * Postgres repositories of the eMSP driver accounts: drivers and their app tokens, refresh tokens,
 * password resets, the shared JWT signing keys and the mail outbox. Every method reading or writing
 * a driver's rows takes the driver's network, so one network's drivers are never reached from
 * another's: an id of another network answers as an unknown id.
 */
package io.voltgate.store.drivers;
