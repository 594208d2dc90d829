/** OCPP 2.0.1 charger-initiated actions, translated to the version-neutral core. */
package io.voltgate.gateway.ocpp.v201;
