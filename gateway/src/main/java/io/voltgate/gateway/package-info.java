/** The stateful edge: charger WebSockets, OCPP-J, per-version handlers. */
package io.voltgate.gateway;
