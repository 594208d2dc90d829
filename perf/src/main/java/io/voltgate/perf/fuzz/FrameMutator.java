package io.voltgate.perf.fuzz;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random and mutated OCPP-J frames for one version, from a seedable {@link Random} (a seed replays a
 * run frame for frame). Every frame is one of {@link Kind}: valid envelopes around broken payloads,
 * broken envelopes, non-JSON text, invalid UTF-8 in a text frame, binary frames, frames over the
 * product's limit. Not thread-safe: one per fuzzing charger.
 */
public final class FrameMutator {

  /** What a frame is; counted per kind by the fuzzer. */
  public enum Kind {
    VALID, WRONG_TYPE, MISSING_FIELD, EXTRA_FIELD, HUGE_STRING, HUGE_NUMBER, DEEP_NESTING, NON_OBJECT_PAYLOAD,
    NON_JSON, ENVELOPE_ARITY, ENVELOPE_TYPES, UNKNOWN_ACTION, CSMS_ONLY_ACTION, DUPLICATE_ID, OVERSIZED,
    RESPONSE_TO_NOTHING, BYTE_MUTATION, BROKEN_UTF8, BINARY, TRANSPORT_OVERSIZED
  }

  /** One frame to send: text, or raw bytes sent as a text frame (invalid UTF-8), or a binary frame. */
  public record Frame(Kind kind, String text, byte[] bytes, boolean binary) {
  }

  private static final Kind[] COMMON = {
    Kind.VALID, Kind.WRONG_TYPE, Kind.WRONG_TYPE, Kind.MISSING_FIELD, Kind.MISSING_FIELD, Kind.EXTRA_FIELD,
    Kind.HUGE_STRING, Kind.HUGE_NUMBER, Kind.DEEP_NESTING, Kind.NON_OBJECT_PAYLOAD, Kind.NON_JSON,
    Kind.ENVELOPE_ARITY, Kind.ENVELOPE_TYPES, Kind.ENVELOPE_TYPES, Kind.UNKNOWN_ACTION, Kind.CSMS_ONLY_ACTION,
    Kind.DUPLICATE_ID, Kind.RESPONSE_TO_NOTHING, Kind.BYTE_MUTATION, Kind.BYTE_MUTATION, Kind.BINARY
  };

  private final Random random;
  private final boolean v201;
  private final int maxFrameBytes;
  private final double closingShare;
  private long ids;
  private String lastId = "0";

  /**
   * @param maxFrameBytes the gateway's VOLTGATE_MAX_FRAME_BYTES: OVERSIZED frames are just over it
   * @param closingShare share of frames the transport answers by closing the socket (invalid UTF-8 in
   *     a text frame, RFC 6455 §8.1; a frame over the transport limit, 4 x maxFrameBytes)
   */
  public FrameMutator(Random random, boolean v201, int maxFrameBytes, double closingShare) {
    this.random = random;
    this.v201 = v201;
    this.maxFrameBytes = maxFrameBytes;
    this.closingShare = closingShare;
  }

  public Frame next() {
    if (closingShare > 0 && random.nextDouble() < closingShare) {
      return random.nextBoolean() ? brokenUtf8() : transportOversized();
    }
    // Oversized frames cost bandwidth: one in 500.
    Kind kind = random.nextInt(500) == 0 ? Kind.OVERSIZED : COMMON[random.nextInt(COMMON.length)];
    return make(kind);
  }

  Frame make(Kind kind) {
    String action = pick(v201 ? V201_ACTIONS : V16_ACTIONS);
    JsonObject payload = valid(action);
    switch (kind) {
      case VALID:
        return text(kind, call(newId(), action, payload));
      case WRONG_TYPE: {
        mutateValue(payload, this::wrongType);
        return text(kind, call(newId(), action, payload));
      }
      case MISSING_FIELD: {
        removeSome(payload);
        return text(kind, call(newId(), action, payload));
      }
      case EXTRA_FIELD: {
        JsonObject target = randomObject(payload);
        target.put("x" + random.nextInt(1000), wrongType(null));
        return text(kind, call(newId(), action, payload));
      }
      case HUGE_STRING: {
        int n = 1 << (8 + random.nextInt(8)); // 256 .. 32 KiB
        mutateValue(payload, old -> "Z".repeat(n));
        return text(kind, call(newId(), action, payload));
      }
      case HUGE_NUMBER: {
        String number = pick(HUGE_NUMBERS);
        String frame = call(newId(), action, payload);
        // Numbers JSON allows but Java types do not hold, spliced in as raw text.
        return text(kind, frame.replaceFirst(":(\"[^\"]*\"|-?[0-9.]+)", ":" + number));
      }
      case DEEP_NESTING: {
        int depth = 10 + random.nextInt(random.nextBoolean() ? 100 : 5_000);
        String inner = "[".repeat(depth) + "]".repeat(depth);
        String frame = call(newId(), action, payload);
        return text(kind, frame.replaceFirst(":(\"[^\"]*\"|-?[0-9.]+)", ":" + inner));
      }
      case NON_OBJECT_PAYLOAD:
        return text(kind, "[2,\"" + newId() + "\",\"" + action + "\"," + pick(NON_OBJECTS) + "]");
      case NON_JSON:
        return text(kind, nonJson(call(newId(), action, payload)));
      case ENVELOPE_ARITY: {
        JsonArray a = new JsonArray().add(2).add(newId()).add(action).add(payload);
        int n = random.nextInt(6);
        JsonArray b = new JsonArray();
        for (int i = 0; i < n; i++) {
          b.add(i < a.size() ? a.getValue(i) : "extra" + i);
        }
        if (n == 4) {
          b.add(new JsonObject());
        }
        return text(kind, b.encode());
      }
      case ENVELOPE_TYPES:
        return text(kind, brokenEnvelope(action, payload));
      case UNKNOWN_ACTION:
        return text(kind, call(newId(), pick(UNKNOWN_ACTIONS), payload));
      case CSMS_ONLY_ACTION: {
        String a = pick(v201 ? V201_CSMS_ONLY : V16_CSMS_ONLY);
        return text(kind, call(newId(), a, new JsonObject().put("type", "Hard")));
      }
      case DUPLICATE_ID:
        return text(kind, call(lastId, action, payload));
      case OVERSIZED:
        return text(kind, call(newId(), "DataTransfer", new JsonObject().put("vendorId", "fuzz")
            .put("data", "D".repeat(maxFrameBytes + random.nextInt(1_000)))));
      case RESPONSE_TO_NOTHING:
        return text(kind, random.nextBoolean()
            ? new JsonArray().add(3).add("nobody-" + random.nextInt(1_000_000)).add(payload).encode()
            : new JsonArray().add(4).add("nobody-" + random.nextInt(1_000_000)).add("InternalError").add("x")
                .add(new JsonObject()).encode());
      case BYTE_MUTATION:
        return text(kind, byteMutation(call(newId(), action, payload)));
      case BINARY: {
        byte[] b = call(newId(), action, payload).getBytes(StandardCharsets.UTF_8);
        if (random.nextBoolean()) {
          random.nextBytes(b);
        }
        return new Frame(kind, null, b, true);
      }
      case BROKEN_UTF8:
        return brokenUtf8();
      case TRANSPORT_OVERSIZED:
        return transportOversized();
      default:
        throw new IllegalStateException(kind.toString());
    }
  }

  private Frame brokenUtf8() {
    byte[] valid = call(newId(), "Heartbeat", new JsonObject()).getBytes(StandardCharsets.UTF_8);
    byte[] b = new byte[valid.length + 2];
    System.arraycopy(valid, 0, b, 0, valid.length);
    int at = 1 + random.nextInt(valid.length - 1);
    System.arraycopy(valid, at, b, at + 2, valid.length - at);
    b[at] = (byte) 0xC3; // a two-byte lead followed by another lead: never valid UTF-8
    b[at + 1] = (byte) 0xC3;
    return new Frame(Kind.BROKEN_UTF8, null, b, false);
  }

  private Frame transportOversized() {
    // Over 4 x VOLTGATE_MAX_FRAME_BYTES, Netty's transport limit: the socket is closed.
    return text(Kind.TRANSPORT_OVERSIZED, call(newId(), "DataTransfer", new JsonObject().put("vendorId", "fuzz")
        .put("data", "T".repeat(4 * maxFrameBytes + 16))));
  }

  /** A valid CALL of this version (a few actions); the fuzzing charger boots with it. */
  public String boot(String id) {
    return call(id, "BootNotification", valid("BootNotification"));
  }

  public String heartbeat(String id) {
    return call(id, "Heartbeat", new JsonObject());
  }

  private String newId() {
    lastId = Long.toString(++ids, 36) + "-" + Integer.toString(random.nextInt(1 << 20), 36);
    return lastId;
  }

  private static String call(String id, String action, JsonObject payload) {
    return new JsonArray().add(2).add(id).add(action).add(payload).encode();
  }

  private Frame text(Kind kind, String s) {
    return new Frame(kind, s, null, false);
  }

  private String pick(String[] values) {
    return values[random.nextInt(values.length)];
  }

  // ---------------------------------------------------------------- valid payloads

  private static final String[] V16_ACTIONS = {"BootNotification", "Heartbeat", "StatusNotification",
    "MeterValues", "Authorize", "StartTransaction", "StopTransaction", "DataTransfer",
    "DiagnosticsStatusNotification", "FirmwareStatusNotification"};
  private static final String[] V201_ACTIONS = {"BootNotification", "Heartbeat", "StatusNotification",
    "MeterValues", "Authorize", "TransactionEvent", "DataTransfer", "NotifyReport", "SecurityEventNotification",
    "FirmwareStatusNotification", "LogStatusNotification", "NotifyEvent"};
  private static final String[] V16_CSMS_ONLY = {"RemoteStartTransaction", "Reset", "ChangeConfiguration",
    "GetConfiguration", "UnlockConnector", "TriggerMessage"};
  private static final String[] V201_CSMS_ONLY = {"RequestStartTransaction", "Reset", "SetVariables",
    "GetVariables", "UnlockConnector", "TriggerMessage"};
  private static final String[] UNKNOWN_ACTIONS = {"Fuzz", "", "heartbeat", "HEARTBEAT", "BootNotification ",
    "../../etc/passwd", "💥", "A".repeat(300), "StartTransaction\u0000", "__proto__"};
  private static final String[] HUGE_NUMBERS = {"1e308", "-1e309", "1e-400", "99999999999999999999999999999",
    "-9223372036854775809", "2147483648", "1.7976931348623157E309", "0.000000000000000000000000001", "-0",
    "123456789012345678901234567890.5"};
  private static final String[] NON_OBJECTS = {"null", "[]", "[1,2]", "\"x\"", "1", "true", "{\"a\":", "[{}]"};

  private JsonObject valid(String action) {
    String now = "2026-12-06T04:00:00.000Z";
    return switch (action) {
      case "BootNotification" -> v201
          ? new JsonObject().put("reason", "PowerUp").put("chargingStation",
              new JsonObject().put("model", "Fuzz").put("vendorName", "VoltFuzz"))
          : new JsonObject().put("chargePointVendor", "VoltFuzz").put("chargePointModel", "Fuzz");
      case "Heartbeat" -> new JsonObject();
      case "StatusNotification" -> v201
          ? new JsonObject().put("timestamp", now).put("connectorStatus", "Available").put("evseId", 1)
              .put("connectorId", 1)
          : new JsonObject().put("connectorId", 1).put("errorCode", "NoError").put("status", "Available");
      case "MeterValues" -> v201
          ? new JsonObject().put("evseId", 1).put("meterValue", new JsonArray().add(new JsonObject()
              .put("timestamp", now).put("sampledValue", new JsonArray().add(new JsonObject().put("value", 12.5)))))
          : new JsonObject().put("connectorId", 1).put("meterValue", new JsonArray().add(new JsonObject()
              .put("timestamp", now).put("sampledValue", new JsonArray().add(new JsonObject().put("value", "12")))));
      case "Authorize" -> v201
          ? new JsonObject().put("idToken", new JsonObject().put("idToken", "FUZZ1").put("type", "ISO14443"))
          : new JsonObject().put("idTag", "FUZZ1");
      case "StartTransaction" -> new JsonObject().put("connectorId", 1).put("idTag", "FUZZ1").put("meterStart", 0)
          .put("timestamp", now);
      case "StopTransaction" -> new JsonObject().put("transactionId", random.nextInt(1000)).put("meterStop", 10)
          .put("timestamp", now);
      case "TransactionEvent" -> new JsonObject().put("eventType", "Updated").put("timestamp", now)
          .put("triggerReason", "MeterValuePeriodic").put("seqNo", random.nextInt(100))
          .put("transactionInfo", new JsonObject().put("transactionId", "fuzz-" + random.nextInt(100)));
      case "DataTransfer" -> new JsonObject().put("vendorId", "fuzz").put("messageId", "m").put("data", "d");
      case "DiagnosticsStatusNotification" -> new JsonObject().put("status", "Idle");
      case "FirmwareStatusNotification" -> new JsonObject().put("status", v201 ? "Idle" : "Idle");
      case "NotifyReport" -> new JsonObject().put("requestId", 1).put("generatedAt", now).put("seqNo", 0)
          .put("reportData", new JsonArray().add(new JsonObject()
              .put("component", new JsonObject().put("name", "X"))
              .put("variable", new JsonObject().put("name", "Y"))
              .put("variableAttribute", new JsonArray().add(new JsonObject().put("value", "1")))));
      case "SecurityEventNotification" -> new JsonObject().put("type", "FuzzEvent").put("timestamp", now);
      case "LogStatusNotification" -> new JsonObject().put("status", "Idle");
      case "NotifyEvent" -> new JsonObject().put("generatedAt", now).put("seqNo", 0)
          .put("eventData", new JsonArray().add(new JsonObject().put("eventId", 1).put("timestamp", now)
              .put("trigger", "Alerting").put("actualValue", "1").put("eventNotificationType", "HardWiredNotification")
              .put("component", new JsonObject().put("name", "X")).put("variable", new JsonObject().put("name", "Y"))));
      default -> new JsonObject();
    };
  }

  // ---------------------------------------------------------------- mutations

  private Object wrongType(Object old) {
    return switch (random.nextInt(9)) {
      case 0 -> null;
      case 1 -> random.nextInt();
      case 2 -> random.nextDouble() * 1e12;
      case 3 -> "s" + random.nextInt(100);
      case 4 -> random.nextBoolean();
      case 5 -> new JsonArray().add(1).add("two");
      case 6 -> new JsonObject().put("nested", new JsonObject());
      case 7 -> "2026-13-45T99:99:99Z";
      default -> "";
    };
  }

  /** Replaces one value (top level or one level down) with what the function makes of it. */
  private void mutateValue(JsonObject payload, java.util.function.UnaryOperator<Object> f) {
    JsonObject target = randomObject(payload);
    List<String> keys = new ArrayList<>(target.fieldNames());
    if (keys.isEmpty()) {
      target.put("fuzz", f.apply(null));
      return;
    }
    String k = keys.get(random.nextInt(keys.size()));
    target.put(k, f.apply(target.getValue(k)));
  }

  private void removeSome(JsonObject payload) {
    JsonObject target = randomObject(payload);
    List<String> keys = new ArrayList<>(target.fieldNames());
    if (keys.isEmpty()) {
      return;
    }
    int n = 1 + random.nextInt(keys.size());
    for (int i = 0; i < n; i++) {
      target.remove(keys.get(random.nextInt(keys.size())));
    }
  }

  private JsonObject randomObject(JsonObject payload) {
    List<JsonObject> objects = new ArrayList<>();
    objects.add(payload);
    for (String k : payload.fieldNames()) {
      Object v = payload.getValue(k);
      if (v instanceof JsonObject o) {
        objects.add(o);
      } else if (v instanceof JsonArray a && !a.isEmpty() && a.getValue(0) instanceof JsonObject o) {
        objects.add(o);
      }
    }
    return objects.get(random.nextInt(objects.size()));
  }

  private String brokenEnvelope(String action, JsonObject payload) {
    String p = payload.encode();
    return switch (random.nextInt(10)) {
      case 0 -> "[\"2\",\"" + newId() + "\",\"" + action + "\"," + p + "]";
      case 1 -> "[2," + random.nextInt() + ",\"" + action + "\"," + p + "]";
      case 2 -> "[2,\"" + newId() + "\"," + random.nextInt(100) + "," + p + "]";
      case 3 -> "[" + (5 + random.nextInt(100)) + ",\"" + newId() + "\",\"" + action + "\"," + p + "]";
      case 4 -> "[2,\"\",\"" + action + "\"," + p + "]";
      case 5 -> "[2,\"" + "I".repeat(37 + random.nextInt(200)) + "\",\"" + action + "\"," + p + "]";
      case 6 -> "[2,null,null,null]";
      case 7 -> "{\"messageTypeId\":2,\"action\":\"" + action + "\"}";
      case 8 -> "[2.5,\"" + newId() + "\",\"" + action + "\"," + p + "]";
      default -> "[-1,\"" + newId() + "\",\"" + action + "\"," + p + "]";
    };
  }

  private String nonJson(String valid) {
    return switch (random.nextInt(8)) {
      case 0 -> "";
      case 1 -> " ";
      case 2 -> valid.substring(0, random.nextInt(valid.length()));
      case 3 -> "null";
      case 4 -> "GET / HTTP/1.1";
      case 5 -> valid + valid;
      case 6 -> "\u0000\u0001\u0002";
      default -> randomText(1 + random.nextInt(200));
    };
  }

  private String randomText(int n) {
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append((char) (random.nextBoolean() ? 32 + random.nextInt(95) : random.nextInt(0xD7FF)));
    }
    return b.toString();
  }

  private String byteMutation(String valid) {
    StringBuilder b = new StringBuilder(valid);
    int n = 1 + random.nextInt(4);
    for (int i = 0; i < n && b.length() > 1; i++) {
      int at = random.nextInt(b.length());
      switch (random.nextInt(4)) {
        case 0 -> b.deleteCharAt(at);
        case 1 -> b.insert(at, "[]{},:\"\\0-9eE".charAt(random.nextInt(13)));
        case 2 -> b.setCharAt(at, (char) (32 + random.nextInt(95)));
        default -> b.insert(at, b.substring(at, Math.min(b.length(), at + 1 + random.nextInt(20))));
      }
    }
    return b.toString();
  }
}
