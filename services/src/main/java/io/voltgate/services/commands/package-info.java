/**
 * Commands to chargers from any process: {@code CommandClient} sends one and awaits its outcome,
 * {@code CommandRouterVerticle} (one per process) delivers it to the gateway verticle holding the
 * charger's socket, on this node or another (Redis pub/sub).
 */
package io.voltgate.services.commands;
