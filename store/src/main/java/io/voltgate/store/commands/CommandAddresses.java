package io.voltgate.store.commands;

/** Event-bus addresses and Redis channels of the command path. */
public final class CommandAddresses {

  /** Local event-bus address of this node's command router (request: Command JSON, reply: outcome JSON). */
  public static final String SEND = "voltgate.commands.send";

  /** Field of a message to a gateway verticle that makes it a kick (value: the connection id to keep). */
  public static final String KICK = "kick";

  private CommandAddresses() {
  }

  /**
   * Local event-bus address of one gateway verticle (see {@link LocalConnections}). It takes a
   * command (Command JSON, reply: outcome JSON) or a kick {@code {cp, kick: connIdToKeep}} that
   * closes any other connection of that charger it holds.
   */
  public static String gatewayInstance(String instanceId) {
    return "voltgate.gateway." + instanceId;
  }

  /** A kick message: close this charger's connections other than {@code keepConnectionId}. */
  public static io.vertx.core.json.JsonObject kick(String chargePointId, String keepConnectionId) {
    return new io.vertx.core.json.JsonObject().put("cp", chargePointId).put(KICK, keepConnectionId);
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
