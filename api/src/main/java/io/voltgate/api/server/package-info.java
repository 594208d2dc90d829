/**
 * The HTTP server of a process: {@code HttpVerticle} mounts health, metrics and each API family
 * with its authentication. The only package that knows every family.
 */
package io.voltgate.api.server;
