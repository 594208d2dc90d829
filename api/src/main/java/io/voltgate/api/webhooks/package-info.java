/** The operator API's webhook subscriptions and deliveries, over the delivery service ({@code services.webhooks}). */
package io.voltgate.api.webhooks;
