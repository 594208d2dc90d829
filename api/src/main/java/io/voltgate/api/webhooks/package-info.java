/** Webhooks: subscriptions, the event catalog, signed at-least-once delivery from a Postgres outbox. */
package io.voltgate.api.webhooks;
