package io.voltgate.api.emsp;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.family.Caller;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.http.BodySchemas;
import io.voltgate.api.http.Json;
import io.voltgate.api.http.Reply;
import io.voltgate.services.content.NotificationPreferences;
import io.voltgate.store.query.NotificationPreferenceQueries;
import java.util.Objects;

/**
 * The driver's notification preferences ({@code /emsp/v1/notifications/preferences}): which channels
 * and events, and the contact to use. The defaults until the driver changes any; a change names only
 * what changes. The rules (names, defaults, contact checks) are {@link NotificationPreferences}'.
 */
public final class NotificationPreferenceEndpoints {

  private static final String SCOPE = "emsp:driver-content";

  private final NotificationPreferenceQueries preferences;

  public NotificationPreferenceEndpoints(NotificationPreferenceQueries preferences) {
    this.preferences = Objects.requireNonNull(preferences);
  }

  public void register(ApiRoutes routes) {
    routes.tag("Notifications").callers(Caller.DRIVER)
        .get("/emsp/v1/notifications/preferences", SCOPE,
            "Get the driver's notification preferences (the defaults until the driver changes them)",
            (ctx, p) -> current(p).map(stored -> Reply.ok(render(stored))))
        .put("/emsp/v1/notifications/preferences", SCOPE,
            "Update the driver's notification preferences: the channels, events and contact fields named change",
            "emsp-notification-preferences",
            (ctx, p) -> update(p, BodySchemas.validated(ctx, "emsp-notification-preferences")));
  }

  private Future<NotificationPreferenceQueries.Stored> current(ApiPrincipal p) {
    return preferences.find(p.scope()).map(found -> found.orElseThrow(() -> ApiException.notFound("Driver")));
  }

  private Future<Reply> update(ApiPrincipal p, JsonObject body) {
    return current(p).compose(stored -> {
      NotificationPreferences changed = of(stored).with(body);
      return preferences.save(p.scope(), changed.channelsJson(), changed.eventsJson(), changed.contactEmail(),
          changed.contactPhone());
    }).map(saved -> Reply.ok(render(saved.orElseThrow(() -> ApiException.notFound("Driver")))));
  }

  private static NotificationPreferences of(NotificationPreferenceQueries.Stored s) {
    return NotificationPreferences.stored(s.channels(), s.events(), s.contactEmail(), s.contactPhone());
  }

  static JsonObject render(NotificationPreferenceQueries.Stored s) {
    NotificationPreferences n = of(s);
    return new JsonObject()
        .put("channels", n.channelsJson())
        .put("events", n.eventsJson())
        .put("contact", new JsonObject()
            .put("email", n.contactEmail() != null ? n.contactEmail() : s.accountEmail())
            .put("phoneNumber", n.contactPhone() != null ? n.contactPhone() : s.accountPhone()))
        .put("updatedAt", Json.time(s.updatedAt()));
  }
}
