/**
 * Charger identity and credentials for the handshake without Postgres in the common case: a bounded
 * in-process cache ({@link io.voltgate.store.identity.IdentityCache}) in front of Redis in front of
 * Postgres ({@link io.voltgate.store.identity.ChargerIdentities}), invalidated on every node through
 * Redis pub/sub when a charger changes ({@link io.voltgate.store.identity.ChargerChanges}).
 */
package io.voltgate.store.identity;
