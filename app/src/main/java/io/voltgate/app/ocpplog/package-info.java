/** Upkeep of the OCPP message log: daily partitions created ahead, expired ones dropped, their sizes as metrics. */
package io.voltgate.app.ocpplog;
