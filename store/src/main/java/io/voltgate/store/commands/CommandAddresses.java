package io.voltgate.store.commands;

/** Event-bus addresses and Redis channels of the command path. */
public final class CommandAddresses {

  /** Local event-bus address of this node's command router (request: Command JSON, reply: outcome JSON). */
  public static final String SEND = "voltgate.commands.send";

  /**
   * Local event-bus address (publish) telling a node's gateway verticles that a charger connected
   * anew: body {@code {cp, connId}}; any other connection of that charger is closed.
   */
  public static final String REPLACED = "voltgate.gateway.connection.replaced";

  private CommandAddresses() {
  }

  /** Local event-bus address of the connection holding a charger's socket on this node. */
  public static String charger(String chargePointId) {
    return "voltgate.charger." + chargePointId;
  }

  /** Redis channel on which a node receives commands for the chargers it holds. */
  public static String commandChannel(String nodeId) {
    return "vg:cmd:" + nodeId;
  }

  /** Redis channel on which a node receives outcomes of commands it forwarded. */
  public static String replyChannel(String nodeId) {
    return "vg:reply:" + nodeId;
  }
}
