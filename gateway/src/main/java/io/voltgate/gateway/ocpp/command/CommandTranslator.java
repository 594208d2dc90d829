package io.voltgate.gateway.ocpp.command;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voltgate.store.commands.Command;
import io.voltgate.store.commands.CommandOutcome;

/** Translates version-neutral commands into one OCPP version's messages and back. */
public interface CommandTranslator {

  /**
   * The OCPP call for a command.
   *
   * @throws InvalidCommandException when the command's parameters cannot be expressed
   */
  OcppCall translate(Command command);

  /** The outcome of a CALLRESULT: accepted or rejected, with the charger's status and reason. */
  CommandOutcome interpret(Command command, OcppCall call, ObjectNode response);

  /** Thrown for a command this version cannot express (missing or bad parameters). */
  final class InvalidCommandException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidCommandException(String message) {
      super(message, null, false, false);
    }
  }
}
