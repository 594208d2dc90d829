package io.voltgate.api.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.voltgate.api.support.ApiTestServer.Result;
import java.util.Arrays;

/** The documented error body ({@code ErrorHandler}): {@code {error, message, code, status, timestamp}}. */
final class ErrorShape {

  private ErrorShape() {
  }

  /** Fails unless the answer has one of the statuses and the documented error body for it. */
  static void assertError(Result r, String what, int... statuses) {
    if (Arrays.stream(statuses).noneMatch(s -> s == r.status())) {
      fail(what + ": expected " + Arrays.toString(statuses) + " but got " + r.status() + " " + abbreviated(r.raw()));
    }
    JsonObject body;
    try {
      body = new JsonObject(r.raw());
    } catch (DecodeException | ClassCastException e) {
      throw new AssertionError(what + ": the " + r.status() + " body is not a JSON object: " + abbreviated(r.raw()));
    }
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), what + ": content type");
    for (String field : new String[] {"error", "message", "code", "timestamp"}) {
      assertTrue(body.getValue(field) instanceof String s && !s.isBlank(), what + ": no " + field + " in " + body.encode());
    }
    assertEquals(r.status(), body.getInteger("status"), what + ": status field of " + body.encode());
  }

  static String abbreviated(String raw) {
    return raw == null || raw.length() <= 300 ? raw : raw.substring(0, 300) + "…";
  }
}
