/**
 * The version-neutral core: model, ports, and their Postgres and Redis implementations. No OCPP or
 * HTTP code lives here.
 */
package io.voltgate.store;
