package io.voltgate.perf.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Simulator parameters, from {@code key=value} arguments, else {@code -Dsim.key=value} system
 * properties, else defaults. Every run is bounded: {@code durationS} ends it whatever happens.
 */
public final class SimOptions {

  /** fleet | storm | commands | api. */
  public String scenario = "fleet";
  public String host = "127.0.0.1";
  /** One or more gateway OCPP ports; chargers are spread over them round-robin. */
  public List<Integer> ports = List.of(8080);
  public String path = "/ocpp";
  public int chargers = 200;
  /** Index of this process's first charger (several processes share one id space). */
  public int offset = 0;
  /** Connection ramp, chargers per second (this process). */
  public double rate = 100;
  public int heartbeatS = 60;
  public int meterS = 30;
  /**
   * Periodic StatusNotification per charger (connector 1; 2.0.1: EVSE 1, connector 1) every statusS
   * seconds, the first at a random offset; 0 = off (only the boot's status notifications).
   */
  public int statusS = 0;
  /** Fraction of chargers that run a transaction (0..1). */
  public double txShare = 0.3;
  /** Fraction of chargers speaking OCPP 2.0.1; the rest speak 1.6. */
  public double v201Share = 0.5;
  /** Whole run, ramp included (s). */
  public int durationS = 60;
  /** Charger ids are {@code idPrefix + index}. */
  public String idPrefix = "SIM-";
  /** Local source addresses 127.0.0.{sourceFirst}.. (sourceCount of them); 0 = let the OS choose. */
  public int sourceCount = 4;
  public int sourceFirst = 2;
  /** Event-loop contexts the chargers are spread over (0 = 2 x cores). */
  public int loops = 0;
  public int callTimeoutS = 30;
  /** Stop running transactions (StopTransaction / TransactionEvent Ended) before closing. */
  public boolean stopTx = true;
  /**
   * A charger whose dial fails (refused, error, timeout) dials the next of {@link #ports} next time,
   * as a charger behind a load balancer reaches another node when one is gone (perf/fault kill-gateway).
   */
  public boolean failover = false;
  /**
   * A transaction message answered with a CALLERROR is sent up to this many times in all, every
   * txRetryIntervalMs (OCPP 1.6 TransactionMessageAttempts / RetryInterval; 2.0.1
   * MessageAttemptsTransactionEvent); 1 = dropped at the first CALLERROR (counted as tx.callerror.ACTION).
   */
  public int txMessageAttempts = 1;
  public long txRetryIntervalMs = 2_000;
  /** Reconnect after an unexpected drop (a real charger does). */
  public boolean reconnect = true;
  /**
   * A WebSocket handshake (TCP connect + HTTP upgrade) not completed after this long is given up and
   * counted as {@code handshake.timeout} (then retried with the back-off).
   */
  public int handshakeTimeoutS = 30;
  /**
   * Back-off before a redial (after a refused, failed or timed-out handshake, or a drop): with both
   * set, attempt n waits a random time in [min, min(max, min * 2^(n+1))] (exponential with full
   * jitter); 0 = the fixed schedule (1-5 s after a drop, 1-2 s, 2-3 s, 3-4 s, 4-5 s after failed attempts).
   */
  public long reconnectMinMs = 0;
  public long reconnectMaxMs = 0;

  /**
   * HTTP Basic {@code Authorization} on the handshake (username = chargePointId). The password is the
   * one the registration returned (preRegister with securityProfile 1), else {@code basicPassword}.
   */
  public boolean basicAuth = false;
  public String basicPassword = "sim-password-0123";
  /**
   * Register every charger through the operator API ({@code POST /cpms/v1/chargers}, with apiKey)
   * before dialling, at most {@code preRegisterConcurrency} requests at once and within
   * {@code preRegisterTimeoutS}; with {@code securityProfile} 1 the generated password is kept per
   * charger and sent with Basic auth. Voltgate only (perf/compare skips it against the reference).
   */
  public boolean preRegister = false;
  public int securityProfile = 0;
  public int preRegisterConcurrency = 16;
  public int preRegisterTimeoutS = 600;

  /** storm: when the storming chargers drop (s from start; 0 = after the ramp + 5 s) and the redial window. */
  public int stormAtS = 0;
  public int stormWindowS = 10;
  /** storm: share of chargers that drop and redial (0..1]; the others (bystanders) keep their traffic. */
  public double stormShare = 1.0;
  /**
   * storm: a storming charger is "back in time" when its BootNotification is accepted within
   * {@code stormWindowS + stormGraceS} of the storm; bystanders' CALLs sent in that span are reported apart.
   */
  public int stormGraceS = 5;

  /**
   * commands: {@code api} (HTTP control endpoints, as an operator) or {@code redis} (the command path
   * below them: CommandClient → Redis → gateway node); rate per second; Redis URL (redis path);
   * timeout per command (redis path) or per HTTP request (api path; the server waits
   * VOLTGATE_COMMAND_TIMEOUT_S itself).
   */
  public String commandPath = "api";
  public double commandRate = 20;
  public String redisUrl = "";
  public long commandTimeoutMs = 10_000;

  /** api and commands (api path): base URL, key, read rate per second and SSE subscribers (api). */
  public String apiUrl = "http://127.0.0.1:8081";
  public String apiKey = "";
  public double apiRate = 10;
  public int sseClients = 0;
  /**
   * Hourly limit of the dedicated key minted with {@code apiKey} at the start (revoked at the end),
   * so the rate limit does not bite during a run; 0 = use {@code apiKey} itself.
   */
  public int apiKeyRateLimit = 1_000_000;

  /**
   * Steady state: CALLs sent from this many seconds after the start are also timed under
   * "steady ACTION" (and "steady (all CALLs)"); 0 = from the moment every charger of this process
   * has booted. In a storm the steady window ends at the storm.
   */
  public int steadyAfterS = 0;
  /**
   * The last sampleTailS seconds of a fleet run are not timed as steady state: the steady window ends
   * there, and {@link #steadyFile} is written then (not at the last boot), so that the benchmark's
   * memory sample (a forced full GC and a heap histogram, pauses no production node takes) lands
   * outside the measured window. 0 = the window runs to the end and the file is written at the last boot.
   */
  public int sampleTailS = 0;
  /**
   * Tx log: file where the transaction messages acknowledged with a CALLRESULT are written, one a
   * line (1.6 StartTransaction with the transactionId given, StopTransaction; 2.0.1 TransactionEvent
   * with transactionId, eventType, seqNo), for perf/tx-check; empty = none.
   */
  public String txLog = "";
  /**
   * Chargers in a transaction stop it and start a new one every txCycleS seconds (first at a random
   * offset), so that transaction messages are in flight when a storm hits; 0 = one transaction each.
   */
  public int txCycleS = 0;

  /** Where to write the JSON result (for {@link Report} merging); empty = none. */
  public String result = "";
  /**
   * File written once every charger has booted, or when the steady window ends with
   * {@link #sampleTailS} (the benchmark samples the gateway's memory then).
   */
  public String steadyFile = "";
  /** Print the human summary at the end. */
  public boolean print = true;

  public static SimOptions parse(String[] args) {
    Map<String, String> kv = new HashMap<>();
    System.getProperties().forEach((k, v) -> {
      if (k.toString().startsWith("sim.")) {
        kv.put(k.toString().substring(4), v.toString());
      }
    });
    for (String a : args) {
      String s = a.startsWith("--") ? a.substring(2) : a;
      int eq = s.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("expected key=value, got " + a);
      }
      kv.put(s.substring(0, eq), s.substring(eq + 1));
    }
    return from(kv);
  }

  public static SimOptions from(Map<String, String> kv) {
    SimOptions o = new SimOptions();
    for (Map.Entry<String, String> e : kv.entrySet()) {
      o.set(e.getKey(), e.getValue());
    }
    o.validate();
    return o;
  }

  private void set(String key, String v) {
    switch (key) {
      case "scenario" -> scenario = v.toLowerCase(Locale.ROOT);
      case "host" -> host = v;
      case "port", "ports" -> {
        List<Integer> p = new ArrayList<>();
        for (String s : v.split(",")) {
          p.add(Integer.parseInt(s.trim()));
        }
        ports = List.copyOf(p);
      }
      case "path" -> path = v;
      case "chargers" -> chargers = Integer.parseInt(v);
      case "offset" -> offset = Integer.parseInt(v);
      case "rate" -> rate = Double.parseDouble(v);
      case "heartbeatS" -> heartbeatS = Integer.parseInt(v);
      case "meterS" -> meterS = Integer.parseInt(v);
      case "statusS" -> statusS = Integer.parseInt(v);
      case "handshakeTimeoutS" -> handshakeTimeoutS = Integer.parseInt(v);
      case "reconnectMinMs" -> reconnectMinMs = Long.parseLong(v);
      case "reconnectMaxMs" -> reconnectMaxMs = Long.parseLong(v);
      case "basicAuth" -> basicAuth = Boolean.parseBoolean(v);
      case "basicPassword" -> basicPassword = v;
      case "preRegister" -> preRegister = Boolean.parseBoolean(v);
      case "securityProfile" -> securityProfile = Integer.parseInt(v);
      case "preRegisterConcurrency" -> preRegisterConcurrency = Integer.parseInt(v);
      case "preRegisterTimeoutS" -> preRegisterTimeoutS = Integer.parseInt(v);
      case "txShare" -> txShare = Double.parseDouble(v);
      case "v201Share" -> v201Share = Double.parseDouble(v);
      case "durationS" -> durationS = Integer.parseInt(v);
      case "idPrefix" -> idPrefix = v;
      case "sourceCount" -> sourceCount = Integer.parseInt(v);
      case "sourceFirst" -> sourceFirst = Integer.parseInt(v);
      case "loops" -> loops = Integer.parseInt(v);
      case "callTimeoutS" -> callTimeoutS = Integer.parseInt(v);
      case "stopTx" -> stopTx = Boolean.parseBoolean(v);
      case "reconnect" -> reconnect = Boolean.parseBoolean(v);
      case "failover" -> failover = Boolean.parseBoolean(v);
      case "txMessageAttempts" -> txMessageAttempts = Integer.parseInt(v);
      case "txRetryIntervalMs" -> txRetryIntervalMs = Long.parseLong(v);
      case "stormAtS" -> stormAtS = Integer.parseInt(v);
      case "stormWindowS" -> stormWindowS = Integer.parseInt(v);
      case "stormShare" -> stormShare = Double.parseDouble(v);
      case "stormGraceS" -> stormGraceS = Integer.parseInt(v);
      case "commandPath" -> commandPath = v.toLowerCase(Locale.ROOT);
      case "commandRate" -> commandRate = Double.parseDouble(v);
      case "redisUrl" -> redisUrl = v;
      case "commandTimeoutMs" -> commandTimeoutMs = Long.parseLong(v);
      case "apiUrl" -> apiUrl = v;
      case "apiKey" -> apiKey = v;
      case "apiRate" -> apiRate = Double.parseDouble(v);
      case "sseClients" -> sseClients = Integer.parseInt(v);
      case "apiKeyRateLimit" -> apiKeyRateLimit = Integer.parseInt(v);
      case "steadyAfterS" -> steadyAfterS = Integer.parseInt(v);
      case "sampleTailS" -> sampleTailS = Integer.parseInt(v);
      case "txLog" -> txLog = v;
      case "txCycleS" -> txCycleS = Integer.parseInt(v);
      case "result" -> result = v;
      case "steadyFile" -> steadyFile = v;
      case "print" -> print = Boolean.parseBoolean(v);
      default -> throw new IllegalArgumentException("unknown simulator option " + key);
    }
  }

  private void validate() {
    if (!List.of("fleet", "storm", "commands", "api").contains(scenario)) {
      throw new IllegalArgumentException("scenario must be fleet, storm, commands or api");
    }
    if (chargers < 0 || rate <= 0 || durationS <= 0 || durationS > 3_600) {
      throw new IllegalArgumentException("need chargers >= 0, rate > 0, 0 < durationS <= 3600");
    }
    if (sourceCount < 0 || sourceFirst < 1 || sourceFirst + sourceCount > 255) {
      throw new IllegalArgumentException("source addresses must stay within 127.0.0.1..127.0.0.254");
    }
    if (!host.startsWith("127.") && !host.equals("localhost")) {
      throw new IllegalArgumentException("the simulator only targets loopback addresses");
    }
    if (!commandPath.equals("api") && !commandPath.equals("redis")) {
      throw new IllegalArgumentException("commandPath must be api or redis");
    }
    if (scenario.equals("commands") && commandPath.equals("redis") && redisUrl.isEmpty()) {
      throw new IllegalArgumentException("commandPath=redis needs redisUrl (the gateway logs its embedded Redis URL)");
    }
    if (usesApiKey() && apiKey.isEmpty()) {
      throw new IllegalArgumentException((preRegister ? "preRegister" : "scenario " + scenario)
          + " needs apiKey (e.g. the VOLTGATE_BOOTSTRAP_API_KEY)");
    }
    if (stormShare <= 0 || stormShare > 1 || stormGraceS < 0 || stormWindowS < 0) {
      throw new IllegalArgumentException("need 0 < stormShare <= 1, stormWindowS >= 0, stormGraceS >= 0");
    }
    if (sseClients < 0 || sseClients > 1_000 || apiKeyRateLimit < 0 || apiKeyRateLimit > 1_000_000) {
      throw new IllegalArgumentException("need 0 <= sseClients <= 1000, 0 <= apiKeyRateLimit <= 1000000");
    }
    if (!apiUrl.startsWith("http://127.") && !apiUrl.startsWith("http://localhost")) {
      throw new IllegalArgumentException("the simulator only targets loopback addresses (apiUrl)");
    }
    if (statusS < 0 || handshakeTimeoutS <= 0 || handshakeTimeoutS > 600) {
      throw new IllegalArgumentException("need statusS >= 0 and 0 < handshakeTimeoutS <= 600");
    }
    if (reconnectMinMs < 0 || reconnectMaxMs < 0 || (reconnectMinMs > 0) != (reconnectMaxMs > 0)
        || reconnectMaxMs < reconnectMinMs || reconnectMaxMs > 600_000) {
      throw new IllegalArgumentException("reconnectMinMs and reconnectMaxMs go together: 0 < min <= max <= 600000"
          + " (or both 0 for the fixed schedule)");
    }
    if (securityProfile < 0 || securityProfile > 1) {
      throw new IllegalArgumentException("securityProfile must be 0 or 1 (2 and 3 need TLS, which the simulator does not do)");
    }
    if (preRegisterConcurrency < 1 || preRegisterConcurrency > 256 || preRegisterTimeoutS < 1
        || preRegisterTimeoutS > 3_600) {
      throw new IllegalArgumentException("need 1 <= preRegisterConcurrency <= 256, 1 <= preRegisterTimeoutS <= 3600");
    }
    if (steadyAfterS < 0 || steadyAfterS > durationS || txCycleS < 0) {
      throw new IllegalArgumentException("need 0 <= steadyAfterS <= durationS and txCycleS >= 0");
    }
    if (sampleTailS < 0 || steadyAfterS + sampleTailS >= durationS) {
      throw new IllegalArgumentException("need 0 <= sampleTailS < durationS - steadyAfterS");
    }
    if (basicPassword.isEmpty() || basicPassword.indexOf(':') >= 0) {
      throw new IllegalArgumentException("basicPassword must be non-empty and without ':'");
    }
  }

  /** Redial back-off from reconnectMinMs / reconnectMaxMs (false = the fixed schedule). */
  public boolean exponentialBackoff() {
    return reconnectMinMs > 0;
  }

  /** Handshakes carry Basic credentials (asked for, or passwords come from the registration). */
  public boolean sendsBasicAuth() {
    return basicAuth || preRegister && securityProfile == 1;
  }

  /** The scenario talks to the HTTP API with a key (commands through the API, api with SSE or keyed reads). */
  public boolean usesApiKey() {
    return scenario.equals("commands") && commandPath.equals("api") || scenario.equals("api") || preRegister;
  }

  /** The ramp takes this long (s). */
  public double rampS() {
    return chargers / rate;
  }

  @Override
  public String toString() {
    return "scenario=" + scenario + " chargers=" + chargers + " offset=" + offset + " rate=" + rate
        + "/s heartbeatS=" + heartbeatS + " meterS=" + meterS + " txShare=" + txShare + " v201Share=" + v201Share
        + " durationS=" + durationS + " ports=" + ports + " sources=" + sourceCount
        + (statusS > 0 ? " statusS=" + statusS : "")
        + (steadyAfterS > 0 ? " steadyAfterS=" + steadyAfterS : "")
        + (sampleTailS > 0 ? " sampleTailS=" + sampleTailS : "")
        + (txCycleS > 0 ? " txCycleS=" + txCycleS : "")
        + (handshakeTimeoutS != 30 ? " handshakeTimeoutS=" + handshakeTimeoutS : "")
        + (exponentialBackoff() ? " reconnect=" + reconnectMinMs + ".." + reconnectMaxMs + "ms" : "")
        + (sendsBasicAuth() ? " basicAuth" : "")
        + (preRegister ? " preRegister securityProfile=" + securityProfile : "")
        + (scenario.equals("storm") ? " stormAtS=" + stormAtS + " stormWindowS=" + stormWindowS
            + " stormShare=" + stormShare + " stormGraceS=" + stormGraceS : "")
        + (scenario.equals("commands") ? " commandPath=" + commandPath + " commandRate=" + commandRate : "")
        + (scenario.equals("api") ? " apiRate=" + apiRate + " sseClients=" + sseClients : "");
  }
}
