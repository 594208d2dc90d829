package io.voltgate.app.support;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waiting for what a test charger receives, and for any condition, bounded (20 s), in whole-process tests. */
public final class ChargerCalls {

  private ChargerCalls() {
  }

  /** The payload of the last CALL of this action the charger received. */
  public static JsonObject lastCall(WsCharger cp, String action) {
    List<JsonArray> calls = cp.received().stream().filter(f -> action.equals(f.getString(2))).toList();
    assertFalse(calls.isEmpty(), "the charger received " + action);
    return calls.get(calls.size() - 1).getJsonObject(3);
  }

  /** The payload of the first CALL of this action, once the charger has received it (bounded: 20 s). */
  public static JsonObject awaitCall(WsCharger cp, String action) {
    return poll(() -> cp.received().stream().filter(f -> action.equals(f.getString(2))).findFirst()
        .map(f -> f.getJsonObject(3)).orElse(null), p -> p != null);
  }

  public static <T> T poll(Supplier<T> read, Predicate<T> done) {
    long deadline = System.currentTimeMillis() + 20_000;
    T last;
    do {
      last = read.get();
      if (done.test(last)) {
        return last;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    } while (System.currentTimeMillis() < deadline);
    throw new AssertionError("condition not met within 20 s; last: " + last);
  }
}
