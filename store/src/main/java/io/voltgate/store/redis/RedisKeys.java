package io.voltgate.store.redis;

/**
 * The live-state key layout. Per-charger keys carry the hash tag {@code {cp:<id>}} so that all keys
 * of one charger land in the same Redis Cluster slot.
 *
 * <pre>
 * vg:{cp:ID}:conn      hash  node, connId, protocol, connectedAt, remote, lastSeen, lastHeartbeat (ms epoch)
 * vg:{cp:ID}:status    hash  field "0" (charger) or "evse/connector" → JSON {status, errorCode, info, ts}
 * vg:{cp:ID}:live      hash  field evseId → JSON {sessionId, transactionRef, energyKwh, powerKw, soc, currentA, voltageV, ts}
 * vg:{cp:ID}:identity hash  id, network, status, profile, pw (bcrypt hash), vendor, model, fw; TTL 24 h
 * vg:{cp:ID}:credential string, TTL 24 h: keyed digest of the last Basic-auth credential verified by bcrypt
 * vg:chargers:changed  pub/sub channel, JSON {cp}: a charger changed; nodes drop their cached identity
 * vg:apikeys:revoked  pub/sub channel, key id: an API key was revoked; API nodes drop it and end its streams
 * vg:node:NODE         string, TTL 15 s: the node is alive
 * vg:events            stream of every state change (bounded with MAXLEN ~)
 * vg:metrics:fleet     string, TTL 3 x interval: node computing the fleet-wide gauges
 * vg:driverlogin:acct:NETWORK:DIGEST  counter, TTL login window: failed logins of one driver account
 * vg:driverlogin:addr:ADDRESS         counter, TTL login window: failed driver logins from one address
 * </pre>
 */
public final class RedisKeys {

  public static final String EVENTS = "vg:events";
  /**
   * Set (NX) by the first node to see this Redis's data: missing means the data (the stream with it)
   * was lost, and the recent {@code session.completed} events are appended again.
   */
  public static final String EVENTS_EPOCH = "vg:events:epoch";
  public static final String FLEET_METRICS_LEASE = "vg:metrics:fleet";
  /** Pub/sub channel announcing charger identity changes (see {@code ChargerChanges}). */
  public static final String CHARGER_CHANGES = "vg:chargers:changed";
  /** Pub/sub channel announcing revoked API keys (payload: the key id). */
  public static final String API_KEY_REVOCATIONS = "vg:apikeys:revoked";

  /**
   * Pub/sub channel on which the API asks for a charger's logged frames (payload: its chargePointId),
   * again every {@code OCPP_LOG_TAIL_REFRESH_MS} while someone tails it; the gateway verticle holding the
   * charger then publishes them on {@link #ocppLogFrames} for a while.
   */
  public static final String OCPP_LOG_TAIL_REQUESTS = "vg:ocpplog:tail";
  /** How often an open tail asks again; a gateway stops publishing 3 times this long after the last ask. */
  public static final long OCPP_LOG_TAIL_REFRESH_MS = 15_000;

  private RedisKeys() {
  }

  /** Pub/sub channel carrying a tailed charger's logged frames (JSON, as the API renders them). */
  public static String ocppLogFrames(String chargePointId) {
    return "vg:ocpplog:frames:{cp:" + chargePointId + "}";
  }

  public static String connection(String chargePointId) {
    return "vg:{cp:" + chargePointId + "}:conn";
  }

  public static String status(String chargePointId) {
    return "vg:{cp:" + chargePointId + "}:status";
  }

  public static String live(String chargePointId) {
    return "vg:{cp:" + chargePointId + "}:live";
  }

  /** The charger's identity and credentials as the handshake needs them (a cache of Postgres). */
  public static String identity(String chargePointId) {
    return "vg:{cp:" + chargePointId + "}:identity";
  }

  /** The keyed digest of the charger's last verified Basic-auth credential (see {@code VerifiedCredentials}). */
  public static String verifiedCredential(String chargePointId) {
    return "vg:{cp:" + chargePointId + "}:credential";
  }

  /**
   * Failed logins of one driver account: {@code emailDigest} is a digest of the lower-cased e-mail,
   * so no address is readable in Redis.
   */
  public static String driverLoginAccount(java.util.UUID networkId, String emailDigest) {
    return "vg:driverlogin:acct:" + networkId + ":" + emailDigest;
  }

  /** Failed driver logins from one source address (any account, any network). */
  public static String driverLoginAddress(String address) {
    return "vg:driverlogin:addr:" + address;
  }

  /** A token's cached authorization answer (60 s); whoever changes a token deletes it. */
  public static String idToken(String token) {
    return "vg:idtoken:" + token;
  }

  /** A gateway node's liveness key (expires unless the node refreshes it; see NodeLiveness). */
  public static String node(String nodeId) {
    return "vg:node:" + nodeId;
  }

  /** Set of the gateway nodes that have registered connections (members are node ids). */
  public static final String NODES = "vg:nodes";

  /** Set of the charge point ids whose connection entry names this node. */
  public static String nodeConnections(String nodeId) {
    return "vg:node:" + nodeId + ":conns";
  }

  /** Short lock: the one node that removes a dead node's connection entries. */
  public static String nodeSweep(String nodeId) {
    return "vg:node:" + nodeId + ":sweep";
  }
}
