/** Executing commands on the charger connections this node holds. */
package io.voltgate.gateway.commands;
