package io.voltgate.metrics;

/**
 * Every Voltgate metric name in one place (Micrometer dotted form; Prometheus sees {@code voltgate_a_b}
 * plus the unit and type suffixes). No tag ever carries a per-charger, per-user or raw-path value;
 * every process also carries the common tag {@link #NODE_TAG}.
 */
public final class MetricNames {

  /** Common tag on every meter of a process: its node id. */
  public static final String NODE_TAG = "node";

  // OCPP gateway (GatewayMetrics)
  public static final String OCPP_MESSAGES = "voltgate.ocpp.messages";
  public static final String OCPP_HANDLER_LATENCY = "voltgate.ocpp.handler.latency";
  public static final String OCPP_VALIDATION_FAILURES = "voltgate.ocpp.validation.failures";
  public static final String OCPP_MALFORMED_FRAMES = "voltgate.ocpp.malformed.frames";
  public static final String OCPP_INBOUND_PACED = "voltgate.ocpp.inbound.paced";
  public static final String CHARGER_PASSWORD_CHECKS = "voltgate.charger.password.checks";
  public static final String CONNECTIONS_OPEN = "voltgate.connections.open";
  public static final String CONNECTIONS_CONNECTS = "voltgate.connections.connects";
  public static final String CONNECTIONS_DISCONNECTS = "voltgate.connections.disconnects";
  public static final String CONNECTIONS_REFUSED = "voltgate.connections.refused";
  public static final String COMMANDS = "voltgate.commands";
  public static final String HANDSHAKES_IN_FLIGHT = "voltgate.handshakes.in.flight";
  public static final String IDENTITY_CACHE_SIZE = "voltgate.identity.cache.size";
  public static final String WRITE_BEHIND_DEPTH = "voltgate.writebehind.depth";
  public static final String WRITE_BEHIND_LAG = "voltgate.writebehind.lag";
  public static final String WRITE_BEHIND_WRITTEN = "voltgate.writebehind.written";
  public static final String WRITE_BEHIND_DROPPED = "voltgate.writebehind.dropped";
  // OCPP message log (GatewayMetrics; partitions: the maintenance round of app.OcppLogMaintenanceVerticle)
  public static final String OCPP_LOG_FRAMES = "voltgate.ocpp.log.frames";
  public static final String OCPP_LOG_SHED = "voltgate.ocpp.log.shed";
  public static final String OCPP_LOG_DEPTH = "voltgate.ocpp.log.depth";
  public static final String OCPP_LOG_PARTITION_SIZE = "voltgate.ocpp.log.partition.size";
  public static final String OCPP_LOG_PARTITIONS_DROPPED = "voltgate.ocpp.log.partitions.dropped";
  public static final String SESSIONS_COMPLETED = "voltgate.sessions.completed";
  public static final String ENERGY_DELIVERED = "voltgate.energy.delivered";

  // Commands, counted where they were sent from (every outcome, offline included)
  public static final String COMMAND_OUTCOMES = "voltgate.commands.outcomes";

  // Fleet-wide gauges, computed by the one node holding the fleet-metrics lease
  public static final String CHARGERS = "voltgate.chargers";
  public static final String CHARGERS_FAULTED = "voltgate.chargers.faulted";
  public static final String CONNECTORS = "voltgate.connectors";
  public static final String SESSIONS_ACTIVE = "voltgate.sessions.active";
  public static final String EVENTS_STREAM_LENGTH = "voltgate.events.stream.length";
  public static final String EVENTS_STREAM_LAST_ENTRY_AGE = "voltgate.events.stream.last.entry.age";
  public static final String EVENTS_STREAM_GROUP_PENDING = "voltgate.events.stream.group.pending";
  public static final String EVENTS_STREAM_GROUP_LAG = "voltgate.events.stream.group.lag";
  public static final String FLEET_REFRESH = "voltgate.fleet.refresh";

  // The event spool (store.events: events the stream could not take, kept in Postgres until republished)
  public static final String EVENTS_SPOOL_DEPTH = "voltgate.events.spool.depth";
  public static final String EVENTS_SPOOLED = "voltgate.events.spooled";
  public static final String EVENTS_REPUBLISHED = "voltgate.events.republished";
  public static final String EVENTS_DROPPED = "voltgate.events.dropped";

  // HTTP API, SSE, webhooks
  public static final String API_REQUESTS = "voltgate.api.requests";
  public static final String SSE_CLIENTS = "voltgate.sse.clients";
  public static final String WEBHOOK_DELIVERIES = "voltgate.webhooks.deliveries";

  // Runtime
  public static final String EVENT_LOOP_LAG = "voltgate.eventloop.lag";

  private MetricNames() {
  }
}
