package io.voltgate.config;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every configuration key Voltgate reads, with its default and meaning. The README table is checked
 * against this list by a test, so a key cannot be added without being documented.
 */
public enum ConfigKey {
  ROLE("VOLTGATE_ROLE", "all", "Process role: `all` (gateway and API), `gateway` or `api`. Also `--role=...` on the command line."),
  NODE_ID("VOLTGATE_NODE_ID", null, "Node id used in the Redis connection registry and in logs. Generated (`node-` + 8 hex) when unset."),
  CONFIG_FILE("VOLTGATE_CONFIG_FILE", null, "Optional properties file with any of these keys (`KEY=value`); environment variables win over it."),
  DATA_DIR("VOLTGATE_DATA_DIR", "./data", "Where embedded Postgres keeps its data (and uploaded files later)."),
  PG_URL("VOLTGATE_PG_URL", null, "External Postgres, e.g. `postgresql://user:pass@host:5432/voltgate`. Unset: embedded Postgres is started."),
  PG_POOL_SIZE("VOLTGATE_PG_POOL_SIZE", "16", "Maximum Postgres connections of the process-wide reactive pool."),
  PG_MAX_WAIT_QUEUE("VOLTGATE_PG_MAX_WAIT_QUEUE", "100000", "Postgres requests that may wait for a pooled connection; beyond it a request fails at once (a charger's CALL gets InternalError). Sized for mass events such as thousands of transactions stopping together."),
  REDIS_URL("VOLTGATE_REDIS_URL", null, "External Redis, e.g. `redis://host:6379`. Unset: embedded Redis is started."),
  REDIS_POOL_SIZE("VOLTGATE_REDIS_POOL_SIZE", "8", "Maximum Redis connections per verticle instance."),
  EMBEDDED_PG_PORT("VOLTGATE_EMBEDDED_PG_PORT", "0", "Port of embedded Postgres on 127.0.0.1 (0 = a free port)."),
  EMBEDDED_PG_DURABLE("VOLTGATE_EMBEDDED_PG_DURABLE", "true", "Embedded Postgres with `fsync` and `synchronous_commit` on, so a crash loses nothing acknowledged. `false` is for throw-away test databases only (the test suite uses it for speed)."),
  EMBEDDED_REDIS_PORT("VOLTGATE_EMBEDDED_REDIS_PORT", "0", "Port of embedded Redis on 127.0.0.1 (0 = a free port)."),
  HOST("VOLTGATE_HOST", "0.0.0.0", "Address the OCPP and HTTP servers bind to."),
  OCPP_PORT("VOLTGATE_OCPP_PORT", "8080", "OCPP WebSocket port (roles `all`, `gateway`)."),
  HTTP_PORT("VOLTGATE_HTTP_PORT", "8081", "HTTP port: API (roles `all`, `api`), `/health/*` and `/metrics` (every role)."),
  OCPP_TLS_PORT("VOLTGATE_OCPP_TLS_PORT", null, "OCPP over TLS (`wss://`, security profiles 2 and 3); unset = no TLS listener. Needs the certificate and key below."),
  TLS_CERT_FILE("VOLTGATE_TLS_CERT_FILE", null, "PEM certificate chain of the OCPP TLS listener."),
  TLS_KEY_FILE("VOLTGATE_TLS_KEY_FILE", null, "PEM private key of the OCPP TLS listener."),
  TLS_CLIENT_CA_FILE("VOLTGATE_TLS_CLIENT_CA_FILE", null, "PEM CA certificate(s) trusted for charger client certificates (security profile 3)."),
  CHARGER_CREDENTIALS_FILE("VOLTGATE_CHARGER_CREDENTIALS_FILE", null, "Optional file provisioning chargers' security: lines `chargePointId,securityProfile[,password]` (passwords are stored bcrypt-hashed)."),
  COMMAND_TIMEOUT_S("VOLTGATE_COMMAND_TIMEOUT_S", "30", "How long API control endpoints wait for a charger's answer before reporting `timeout`."),
  OCPP_PATH_PREFIX("VOLTGATE_OCPP_PATH_PREFIX", "/ocpp", "Path prefix of the charger endpoint: `ws://host:port{prefix}/{chargePointId}`."),
  GATEWAY_INSTANCES("VOLTGATE_GATEWAY_INSTANCES", "0", "Gateway verticle instances sharing the OCPP port (0 = one per event loop)."),
  EVENT_LOOPS("VOLTGATE_EVENT_LOOPS", "0", "Vert.x event-loop threads (0 = 2 x cores)."),
  MAX_FRAME_BYTES("VOLTGATE_MAX_FRAME_BYTES", "65536", "Largest OCPP frame accepted; larger frames get a CALLERROR (socket stays up)."),
  OCPP_INBOUND_RATE("VOLTGATE_OCPP_INBOUND_RATE", "500", "Frames per second read from one charger in the long run (a token bucket of `VOLTGATE_OCPP_INBOUND_BURST`); a charger over it is paused (TCP backpressure), never refused. 0 = no rate limit."),
  OCPP_INBOUND_BURST("VOLTGATE_OCPP_INBOUND_BURST", "1000", "Frames one charger may send at once before `VOLTGATE_OCPP_INBOUND_RATE` applies."),
  OCPP_INBOUND_MAX_IN_FLIGHT("VOLTGATE_OCPP_INBOUND_MAX_IN_FLIGHT", "8", "CALLs of one charger handled at once; while that many wait for their answers, its socket is paused. OCPP-J chargers send one at a time."),
  HEARTBEAT_INTERVAL_S("VOLTGATE_HEARTBEAT_INTERVAL_S", "300", "Heartbeat interval (s) given to chargers in BootNotification responses."),
  ONLINE_WINDOW_S("VOLTGATE_ONLINE_WINDOW_S", "300", "A charger is online when connected and heard from within this many seconds."),
  UNKNOWN_CHARGER_POLICY("VOLTGATE_UNKNOWN_CHARGER_POLICY", "rejected", "A charger id nobody registered: `rejected` (BootNotification Rejected), `pending` (BootNotification Pending, listed at `GET /cpms/v1/pending-chargers` until a platform administrator accepts it into a network) or `auto-register` (registered with security profile 0 into `VOLTGATE_AUTO_REGISTER_NETWORK`: an explicit opt-in, since anyone can then connect under any new id)."),
  AUTO_REGISTER_NETWORK("VOLTGATE_AUTO_REGISTER_NETWORK", null, "Network (uuid) that `auto-register` puts unknown chargers into. Unset: the only network, and start-up fails when there are several."),
  WS_PING_INTERVAL_S("VOLTGATE_WS_PING_INTERVAL_S", "60", "WebSocket ping interval to chargers (0 = off)."),
  WS_IDLE_TIMEOUT_S("VOLTGATE_WS_IDLE_TIMEOUT_S", "900", "Close a charger socket that sent nothing (not even a pong) for this long (0 = off)."),
  HANDSHAKES_PER_SECOND("VOLTGATE_HANDSHAKES_PER_SECOND", "10000", "WebSocket handshakes admitted per second per node; excess gets HTTP 503 with `Retry-After`. A rate guard only: what bounds the work is `VOLTGATE_HANDSHAKE_MAX_IN_FLIGHT`."),
  HANDSHAKES_PER_IP_PER_SECOND("VOLTGATE_HANDSHAKES_PER_IP_PER_SECOND", "5000", "WebSocket handshakes admitted per second per source IP; excess gets HTTP 503 with `Retry-After`."),
  HANDSHAKE_MAX_IN_FLIGHT("VOLTGATE_HANDSHAKE_MAX_IN_FLIGHT", "4096", "Handshakes per node that may wait on Redis/Postgres/bcrypt at once (identity cache misses, registrations, first password checks); beyond it a charger gets HTTP 503 with `Retry-After` at once. Handshakes answered from the identity cache need no slot."),
  HANDSHAKE_DEADLINE_MS("VOLTGATE_HANDSHAKE_DEADLINE_MS", "8000", "A handshake still waiting on the backends after this long is answered HTTP 503 with `Retry-After` (well inside a charger's own handshake timeout)."),
  IDENTITY_CACHE_SIZE("VOLTGATE_IDENTITY_CACHE_SIZE", "1000000", "Chargers (and, apart, unknown ids) the process keeps in its identity cache; loaded from Postgres at start and every 3 minutes, and kept current by change notices. While the live fleet is below half of it the cache is authoritative: an id it does not know is upgraded at once without a lookup, and settled afterwards (`VOLTGATE_NEWCOMERS_MAX_PENDING`); above, misses are looked up at the handshake."),
  NEWCOMERS_MAX_PENDING("VOLTGATE_NEWCOMERS_MAX_PENDING", "20000", "Sockets per node opened under ids the identity cache does not know that may wait at once for their batched lookup (or registration, under `auto-register`) in Postgres; beyond it such a charger's BootNotification is answered `Pending` with a jittered interval and the lookup is tried again at its next boot."),
  STATE_FLUSH_MS("VOLTGATE_STATE_FLUSH_MS", "250", "Boot info, connector statuses and status history reach Postgres in batches at least this often (or sooner when 2,000 wait); Redis has them at once. Flushed on shutdown."),
  STATE_MAX_PENDING("VOLTGATE_STATE_MAX_PENDING", "200000", "Bound per gateway event loop of boot infos and statuses waiting for Postgres; beyond it boots are answered `Pending` and status history is dropped and counted (`voltgate_writebehind_dropped_total`)."),
  OCPP_LOG_ENABLED("VOLTGATE_OCPP_LOG_ENABLED", "true", "OCPP message log (docs/ocpp-log.md): `true` captures every OCPP-J frame in and out (CALL, CALLRESULT, CALLERROR, refused frames) into `ocpp_messages`; `false` captures nothing (no cost on the frame path; the benchmark switch)."),
  OCPP_LOG_MAX_PAYLOAD_BYTES("VOLTGATE_OCPP_LOG_MAX_PAYLOAD_BYTES", "16384", "Largest frame text stored as-is in the OCPP message log; a longer one is stored cut to this many characters and marked `truncated` (its full size is still recorded)."),
  OCPP_LOG_BUFFER_SIZE("VOLTGATE_OCPP_LOG_BUFFER_SIZE", "50000", "Frames per gateway event loop waiting for Postgres in the OCPP message log's buffer; beyond it frames are shed and counted (`voltgate_ocpp_log_shed_total`), never waited for."),
  OCPP_LOG_FLUSH_MS("VOLTGATE_OCPP_LOG_FLUSH_MS", "500", "The OCPP message log is written in batches (one multi-row INSERT, up to 1,000 frames) at least this often."),
  OCPP_LOG_RETENTION_DAYS("VOLTGATE_OCPP_LOG_RETENTION_DAYS", "7", "Default retention of the OCPP message log in days (a network may set its own: `PUT /cpms/v1/ocpp-log/retention`). Whole daily partitions are dropped once older than the longest retention; reads never show a network's frames older than its own."),
  BOOTS_PER_SECOND("VOLTGATE_BOOTS_PER_SECOND", "10000", "BootNotifications accepted per second per node; beyond it chargers get `Pending` with a jittered interval. Boots do not wait on Postgres (boot info is written in batches), so this is a guard, not the bound."),
  LENIENCY_RULES("VOLTGATE_LENIENCY_RULES", "", "Schema leniency: `vendor[/model[/firmwarePrefix]]` entries separated by `;` whose violations are logged and counted but accepted."),
  EVENT_STREAM_MAXLEN("VOLTGATE_EVENT_STREAM_MAXLEN", "100000", "Approximate length bound of the Redis event stream."),
  FLEET_METRICS_INTERVAL_S("VOLTGATE_FLEET_METRICS_INTERVAL_S", "15", "How often one node recomputes the fleet-wide gauges (chargers online, connector statuses, active sessions) for `/metrics`."),
  BOOTSTRAP_API_KEY("VOLTGATE_BOOTSTRAP_API_KEY", null, "If set: at start, idempotently create a first network and an unrestricted operator API key with this secret and every scope."),
  SECRET_KEY("VOLTGATE_SECRET_KEY", null, "Base64 AES-256 key that encrypts stored secrets (webhook signing secrets) and keys the digests of verified charger passwords shared through Redis. Unset: generated once into `VOLTGATE_DATA_DIR/secret.key`; every node of a deployment must use the same key (a gateway node with another key checks a reconnecting charger's password by bcrypt again)."),
  WEBHOOK_ALLOWED_PRIVATE_TARGETS("VOLTGATE_WEBHOOK_ALLOWED_PRIVATE_TARGETS", "", "Webhook targets allowed although not public (loopback, private, link-local, unique-local...): comma-separated CIDR blocks, IP addresses and host names, e.g. `10.20.0.0/16,hooks.corp.example`. Plain `http://` is accepted only for these. Empty: webhooks reach public addresses over HTTPS only. Cloud metadata addresses are refused whatever this says."),
  ANALYTICS_INTERVAL_S("VOLTGATE_ANALYTICS_INTERVAL_S", "60", "How often the analytics job rolls new status history into the daily utilization rollup (docs/analytics.md); at most this old is the utilization of today."),
  WEBHOOK_TIMEOUT_MS("VOLTGATE_WEBHOOK_TIMEOUT_MS", "10000", "Timeout of one webhook delivery attempt."),
  WEBHOOK_MAX_ATTEMPTS("VOLTGATE_WEBHOOK_MAX_ATTEMPTS", "5", "Delivery attempts per event before a delivery is marked failed."),
  WEBHOOK_RETRY_BASE_MS("VOLTGATE_WEBHOOK_RETRY_BASE_MS", "10000", "First retry delay; doubles per attempt (with ±20 % jitter, capped at one hour)."),
  WEBHOOK_DISABLE_AFTER("VOLTGATE_WEBHOOK_DISABLE_AFTER", "10", "Consecutive failed attempts after which a subscription is disabled."),
  PUSH_SUBJECT("VOLTGATE_PUSH_SUBJECT", "mailto:no-reply@localhost", "VAPID `sub` contact sent to web-push services with every push (RFC 8292): a `mailto:` or `https:` URL where the push service operator can reach you."),
  PUSH_ALLOWED_PRIVATE_TARGETS("VOLTGATE_PUSH_ALLOWED_PRIVATE_TARGETS", "", "Web-push endpoints allowed although not public, like `VOLTGATE_WEBHOOK_ALLOWED_PRIVATE_TARGETS` (CIDR blocks, IP addresses, host names; plain `http://` only for these). Empty: push endpoints must be public `https://` URLs. For tests and on-premises push services only."),
  PUSH_TIMEOUT_MS("VOLTGATE_PUSH_TIMEOUT_MS", "10000", "Timeout of one web-push request to a push service."),
  PUBLIC_HTTP_URL("VOLTGATE_PUBLIC_HTTP_URL", null, "Base URL at which chargers reach this HTTP port, e.g. `https://voltgate.example.com` (diagnostics/log upload URLs are built only from it). Unset: diagnostics/log fetch answers 409 `upload_url_not_configured`."),
  UPLOAD_TOKEN_TTL_S("VOLTGATE_UPLOAD_TOKEN_TTL_S", "900", "How long a diagnostics/log upload URL stays valid after the fetch that issued it (one charger, one file, one upload)."),
  UPLOAD_MAX_BYTES("VOLTGATE_UPLOAD_MAX_BYTES", "67108864", "Largest diagnostics/log upload accepted (streamed to disk); a larger one is answered 413 and its partial file deleted."),
  UPLOAD_DIR("VOLTGATE_UPLOAD_DIR", null, "Where uploaded diagnostics/log files are kept. Unset: `VOLTGATE_DATA_DIR/uploads`."),
  DRIVER_ACCESS_TOKEN_TTL_S("VOLTGATE_DRIVER_ACCESS_TOKEN_TTL_S", "3600", "Lifetime of a driver's access token (JWT) of `/emsp/v1`, and so of its `expiresIn`; a retired signing key keeps verifying for this long."),
  DRIVER_REFRESH_TOKEN_TTL_DAYS("VOLTGATE_DRIVER_REFRESH_TOKEN_TTL_DAYS", "30", "Lifetime of a driver's refresh token; each use replaces it with a new one of the same lifetime."),
  DRIVER_JWT_ALG("VOLTGATE_DRIVER_JWT_ALG", "ES256", "Algorithm of new driver signing keys: `ES256` (P-256) or `RS256` (RSA 2048). Tokens of either are verified while their key is kept."),
  DRIVER_JWT_ISSUER("VOLTGATE_DRIVER_JWT_ISSUER", "voltgate", "`iss` of drivers' access tokens (their `aud` is the network id, `sub` the driver id)."),
  DRIVER_KEY_ROTATION_DAYS("VOLTGATE_DRIVER_KEY_ROTATION_DAYS", "30", "A new driver signing key is made when the current one is this old (one node does it; all pick it up within a minute); the old one keeps verifying until its tokens expire."),
  DRIVER_LOGIN_MAX_FAILURES("VOLTGATE_DRIVER_LOGIN_MAX_FAILURES", "10", "Failed driver logins per account (network and e-mail) within `VOLTGATE_DRIVER_LOGIN_WINDOW_S`; beyond it logins to that account are refused (429 with `Retry-After`) until the window ends."),
  DRIVER_LOGIN_MAX_FAILURES_PER_IP("VOLTGATE_DRIVER_LOGIN_MAX_FAILURES_PER_IP", "50", "Failed driver logins per source address within `VOLTGATE_DRIVER_LOGIN_WINDOW_S`, whatever the account; beyond it that address's logins are refused (429)."),
  DRIVER_LOGIN_WINDOW_S("VOLTGATE_DRIVER_LOGIN_WINDOW_S", "900", "Window of the driver login failure counters (Redis); a successful login clears its account's counter."),
  DRIVER_RESET_TOKEN_TTL_S("VOLTGATE_DRIVER_RESET_TOKEN_TTL_S", "1800", "How long a password reset token mailed to a driver stays valid (it is good for one reset)."),
  DRIVER_RESET_URL("VOLTGATE_DRIVER_RESET_URL", null, "Link mailed to a driver who forgot their password, with `{token}` where the reset token goes, e.g. `https://app.example.com/reset-password?token={token}` (the drivers' app, not this server: hence not `VOLTGATE_PUBLIC_HTTP_URL`). Unset: the mail carries the token for the driver to paste into the app."),
  SMTP_HOST("VOLTGATE_SMTP_HOST", null, "SMTP server for mail to drivers (password resets). Unset: mail is kept in the `mail_outbox` table and logged (without its content)."),
  SMTP_PORT("VOLTGATE_SMTP_PORT", "587", "SMTP port."),
  SMTP_TLS("VOLTGATE_SMTP_TLS", "starttls", "`starttls` (required: a server without it is refused), `tls` (TLS from the first byte, usually port 465) or `none` (plain text; local relays only)."),
  SMTP_USERNAME("VOLTGATE_SMTP_USERNAME", null, "SMTP login; unset: no authentication."),
  SMTP_PASSWORD("VOLTGATE_SMTP_PASSWORD", null, "SMTP password."),
  MAIL_FROM("VOLTGATE_MAIL_FROM", "no-reply@localhost", "Sender address of mail to drivers."),
  FRAUD_HOLD_THRESHOLD("VOLTGATE_FRAUD_HOLD_THRESHOLD", "10", "A driver whose unpaid (failed-payment) balance on one network is over this amount (in that network's currency) is held: their tokens are answered `Blocked` and remote starts refused (docs/fraud.md). Decimal, 0 or more."),
  FRAUD_SWEEP_S("VOLTGATE_FRAUD_SWEEP_S", "30", "How often each API node applies the fraud-hold rule to every driver (placing and lifting holds, e.g. after the threshold changed or a payment failed or was settled elsewhere)."),
  LOG_LEVEL("VOLTGATE_LOG_LEVEL", "INFO", "Root log level (TRACE, DEBUG, INFO, WARN, ERROR)."),
  SHUTDOWN_TIMEOUT_S("VOLTGATE_SHUTDOWN_TIMEOUT_S", "8", "Upper bound on graceful shutdown before the process exits anyway.");

  private final String envName;
  private final String defaultValue;
  private final String description;

  ConfigKey(String envName, String defaultValue, String description) {
    this.envName = envName;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  public String envName() {
    return envName;
  }

  public Optional<String> defaultValue() {
    return Optional.ofNullable(defaultValue);
  }

  public String description() {
    return description;
  }

  public static List<ConfigKey> all() {
    return Arrays.asList(values());
  }
}
