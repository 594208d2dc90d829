/** Webhook delivery: the event catalog, the address policy, fan-out into a Postgres outbox and signed at-least-once delivery. */
package io.voltgate.services.webhooks;
