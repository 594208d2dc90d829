/**
 * Process-level metrics wiring: the Prometheus registry and its filters, the event-loop lag probe,
 * fleet-wide gauges computed from Redis and Postgres, command outcomes.
 */
package io.voltgate.app.metrics;
