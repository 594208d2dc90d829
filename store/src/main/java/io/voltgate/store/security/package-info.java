/** Secrets of chargers and drivers: hashing and verification. */
package io.voltgate.store.security;
