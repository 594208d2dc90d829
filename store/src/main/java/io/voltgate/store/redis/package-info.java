/** Redis clients and the live-state key layout. */
package io.voltgate.store.redis;
