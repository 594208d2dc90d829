package io.voltgate.api.emsp;

import io.vertx.core.json.JsonObject;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.family.Caller;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.http.BodySchemas;
import io.voltgate.api.http.Reply;
import io.voltgate.services.push.DriverPush;
import java.util.Objects;

/**
 * The driver's web-push subscriptions ({@code /emsp/v1/push/*}): register a browser's
 * subscription, remove it, send a test push. The rules (endpoint URL policy, key checks, sending)
 * are {@link DriverPush}'s.
 */
public final class PushEndpoints {

  private static final String SCOPE = "emsp:driver-content";

  private final DriverPush push;

  public PushEndpoints(DriverPush push) {
    this.push = Objects.requireNonNull(push);
  }

  public void register(ApiRoutes routes) {
    routes.tag("Push").callers(Caller.DRIVER)
        .post("/emsp/v1/push/subscribe", SCOPE,
            "Register this device's web-push subscription (the browser's PushSubscription.toJSON())",
            "emsp-push-subscribe", (ctx, p) -> {
              JsonObject b = BodySchemas.validated(ctx, "emsp-push-subscribe");
              JsonObject keys = b.getJsonObject("keys");
              return push.subscribe(p.scope(), b.getString("endpoint"), keys.getString("p256dh"), keys.getString("auth"))
                  .map(saved -> {
                    if (!saved) {
                      throw ApiException.notFound("Driver");
                    }
                    return Reply.ok(new JsonObject().put("status", "subscribed")
                        .put("applicationServerKey", push.applicationServerKey()));
                  });
            })
        .post("/emsp/v1/push/unsubscribe", SCOPE, "Remove a web-push subscription of the driver, by its endpoint",
            "emsp-push-unsubscribe", (ctx, p) -> {
              JsonObject b = BodySchemas.validated(ctx, "emsp-push-unsubscribe");
              return push.unsubscribe(p.scope(), b.getString("endpoint")).map(removed -> {
                if (!removed) {
                  throw ApiException.notFound("Subscription");
                }
                return Reply.ok(new JsonObject().put("status", "unsubscribed"));
              });
            })
        .post("/emsp/v1/push/test", SCOPE, "Send a test push to the driver's devices", null,
            (ctx, p) -> push.test(p.scope()).map(r -> Reply.ok(new JsonObject().put("sent", r.sent())
                .put("subscriptions", r.subscriptions()))));
  }
}
