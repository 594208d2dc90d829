/**
 * The command port shared by the edge and its callers: the version-neutral command, its outcome, the
 * event-bus addresses, and this process's map of chargers to gateway verticles. Sending and routing
 * live in {@code services.commands}.
 */
package io.voltgate.store.commands;
