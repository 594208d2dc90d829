/** Version-neutral charger behaviour behind the OCPP handlers: boot, status, authorisation, transactions, meter values, notifications. */
package io.voltgate.gateway.core;
