package io.voltgate.gateway.ocpp.command;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A translated command: the OCPP action and request payload for the charger's version. */
public record OcppCall(String action, ObjectNode payload) {
}
