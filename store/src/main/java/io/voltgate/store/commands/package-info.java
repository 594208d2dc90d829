/** Commands to chargers across nodes: the version-neutral command, its outcome, and the Redis/event-bus router. */
package io.voltgate.store.commands;
