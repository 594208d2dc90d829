/** Events of the Redis stream as their consumers (SSE, webhooks, load balancing) read them. */
package io.voltgate.services.events;
