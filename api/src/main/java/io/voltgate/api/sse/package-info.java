/** Server-sent events from the Redis event stream. */
package io.voltgate.api.sse;
