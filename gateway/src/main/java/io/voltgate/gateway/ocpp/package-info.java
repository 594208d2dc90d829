/** OCPP dispatch: routes from (version, action) to handlers, and the dispatcher. */
package io.voltgate.gateway.ocpp;
