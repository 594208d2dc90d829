/** Charger connections held by this gateway node. */
package io.voltgate.gateway.connection;
