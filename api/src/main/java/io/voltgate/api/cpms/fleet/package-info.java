/**
 * Helpers shared by the operator fleet endpoints (locations, chargers, connectors, settings, team,
 * firmware): which network a write goes to, live state read from Redis (also read by live control and
 * diagnostics: one reader, one online rule), OCPP status vocabulary.
 */
package io.voltgate.api.cpms.fleet;
