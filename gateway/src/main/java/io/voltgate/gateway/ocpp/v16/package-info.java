/** OCPP 1.6 charger-initiated actions, translated to the version-neutral core. */
package io.voltgate.gateway.ocpp.v16;
