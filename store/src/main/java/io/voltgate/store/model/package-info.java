/** The version-neutral model the OCPP edge translates into. */
package io.voltgate.store.model;
