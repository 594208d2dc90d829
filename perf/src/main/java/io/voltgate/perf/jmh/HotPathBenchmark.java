package io.voltgate.perf.jmh;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocket;
import io.voltgate.gateway.charger.ChargerConnection;
import io.voltgate.gateway.metrics.GatewayMetrics;
import io.voltgate.gateway.ocpp.Dispatcher;
import io.voltgate.gateway.ocpp.Routes;
import io.voltgate.gateway.ocpp.rpc.Frame;
import io.voltgate.gateway.ocpp.rpc.FrameCodec;
import io.voltgate.schemas.CompiledSchema;
import io.voltgate.schemas.MessageKind;
import io.voltgate.schemas.OcppVersion;
import io.voltgate.schemas.SchemaRegistry;
import io.voltgate.store.model.ChargerRecord;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The gateway's per-frame CPU cost on the charger → CSMS hot path, with the real classes:
 * {@link FrameCodec#parse} (one Jackson pass + envelope checks), {@link CompiledSchema#validate}
 * (json-schema-validator, compiled once by {@link SchemaRegistry#loadAll}), and the whole
 * {@link Dispatcher#onText} (parse, reply cache, route lookup, request validation, handler, response
 * validation, CALLRESULT serialisation, metrics) with trivial handlers that answer a constant valid
 * payload, so no I/O is measured. The socket is a stub that drops what is written.
 *
 * <p>Run: {@code perf/jmh} (see docs/performance.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-XX:+UseG1GC"})
public class HotPathBenchmark {

  /** Enough distinct message ids that the reply cache (a few entries) never sees a repeat. */
  private static final int FRAMES = 1_024;
  private static final String NOW = "2025-06-01T12:00:00.000Z";

  @Param({"V16", "V201"})
  public String version;

  @Param({"Heartbeat", "StatusNotification", "MeterValues"})
  public String action;

  private OcppVersion v;
  private String[] frames;
  private ObjectNode payload;
  private CompiledSchema requestSchema;
  private Dispatcher dispatcher;
  private ChargerConnection connection;
  private int next;
  private long written;

  @Setup(Level.Trial)
  public void setUp() {
    v = OcppVersion.valueOf(version);
    SchemaRegistry schemas = SchemaRegistry.loadAll();
    String body = payloadJson(v, action);
    frames = new String[FRAMES];
    for (int i = 0; i < FRAMES; i++) {
      frames[i] = "[2,\"" + UUID.randomUUID() + "\",\"" + action + "\"," + body + "]";
    }
    Frame.Call call = (Frame.Call) FrameCodec.parse(frames[0], v, 65_536);
    payload = call.payload();
    requestSchema = schemas.find(v, action, MessageKind.REQUEST).orElseThrow();
    if (!requestSchema.validate(payload).isEmpty()) {
      throw new IllegalStateException("benchmark payload is invalid: " + requestSchema.validate(payload));
    }
    ObjectNode heartbeat = JsonNodeFactory.instance.objectNode().put("currentTime", NOW);
    ObjectNode empty = JsonNodeFactory.instance.objectNode();
    Routes routes = Routes.builder()
        .route(v, "Heartbeat", (ctx, req) -> Future.succeededFuture(heartbeat))
        .route(v, "StatusNotification", (ctx, req) -> Future.succeededFuture(empty))
        .route(v, "MeterValues", (ctx, req) -> Future.succeededFuture(empty))
        .build();
    dispatcher = new Dispatcher(routes, schemas, new GatewayMetrics(new SimpleMeterRegistry()),
        Clock.systemUTC(), 65_536, r -> { });
    ServerWebSocket socket = (ServerWebSocket) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {ServerWebSocket.class}, (proxy, method, args) -> {
          if (method.getName().equals("writeTextMessage")) {
            written += ((String) args[0]).length();
            return Future.succeededFuture();
          }
          Class<?> t = method.getReturnType();
          return t == boolean.class ? Boolean.FALSE : t == int.class ? 0 : t == long.class ? 0L
              : t == short.class ? (short) 0 : null;
        });
    connection = new ChargerConnection("BENCH-1", v, socket, "conn-1", "127.0.0.2", Instant.now(),
        new ChargerRecord(UUID.randomUUID(), UUID.randomUUID(), "BENCH-1", "Accepted", 0, null, "V", "M", "1"));
    // The whole path must answer with a CALLRESULT, not a CALLERROR.
    written = 0;
    dispatcher.onText(connection, frames[0]);
    if (written == 0) {
      throw new IllegalStateException("dispatcher wrote nothing");
    }
  }

  /** Frame parse + envelope checks only. */
  @Benchmark
  public Frame parse() {
    return FrameCodec.parse(frames[next++ & (FRAMES - 1)], v, 65_536);
  }

  /** Request schema validation of an already parsed payload. */
  @Benchmark
  public Object validate() {
    return requestSchema.validate(payload);
  }

  /** Parse + envelope + validation + dispatch + response validation + CALLRESULT written. */
  @Benchmark
  public void dispatch(Blackhole bh) {
    dispatcher.onText(connection, frames[next++ & (FRAMES - 1)]);
    bh.consume(written);
  }

  static String payloadJson(OcppVersion v, String action) {
    boolean v16 = v == OcppVersion.V16;
    return switch (action) {
      case "Heartbeat" -> "{}";
      case "StatusNotification" -> v16
          ? "{\"connectorId\":1,\"errorCode\":\"NoError\",\"status\":\"Charging\",\"timestamp\":\"" + NOW + "\"}"
          : "{\"timestamp\":\"" + NOW + "\",\"connectorStatus\":\"Occupied\",\"evseId\":1,\"connectorId\":1}";
      case "MeterValues" -> v16
          ? "{\"connectorId\":1,\"transactionId\":42,\"meterValue\":[{\"timestamp\":\"" + NOW + "\",\"sampledValue\":["
              + "{\"value\":\"12345\",\"context\":\"Sample.Periodic\",\"measurand\":\"Energy.Active.Import.Register\",\"unit\":\"Wh\"},"
              + "{\"value\":\"7.4\",\"context\":\"Sample.Periodic\",\"measurand\":\"Power.Active.Import\",\"unit\":\"kW\"},"
              + "{\"value\":\"32.1\",\"context\":\"Sample.Periodic\",\"measurand\":\"Current.Import\",\"phase\":\"L1\",\"unit\":\"A\"}]}]}"
          : "{\"evseId\":1,\"meterValue\":[{\"timestamp\":\"" + NOW + "\",\"sampledValue\":["
              + "{\"value\":12345,\"context\":\"Sample.Periodic\",\"measurand\":\"Energy.Active.Import.Register\"},"
              + "{\"value\":7400,\"context\":\"Sample.Periodic\",\"measurand\":\"Power.Active.Import\"},"
              + "{\"value\":32.1,\"context\":\"Sample.Periodic\",\"measurand\":\"Current.Import\",\"phase\":\"L1\"}]}]}";
      default -> throw new IllegalArgumentException(action);
    };
  }
}
