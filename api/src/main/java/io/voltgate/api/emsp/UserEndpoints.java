package io.voltgate.api.emsp;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.family.Caller;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.http.BodySchemas;
import io.voltgate.api.http.Json;
import io.voltgate.api.http.PageRequest;
import io.voltgate.api.http.Params;
import io.voltgate.api.http.Reply;
import io.voltgate.store.query.DriverQueries;
import io.voltgate.store.query.DriverQueries.Field;
import io.voltgate.store.query.Patch;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

/**
 * The network's drivers ({@code /emsp/v1/users}) for a partner's back end: list, create, read and
 * update, each with statistics computed from the driver's real sessions. A driver created here has
 * no password until they set one through the password reset.
 */
public final class UserEndpoints {

  private final DriverQueries drivers;
  private final Clock clock;

  public UserEndpoints(DriverQueries drivers, Clock clock) {
    this.drivers = Objects.requireNonNull(drivers);
    this.clock = Objects.requireNonNull(clock);
  }

  public void register(ApiRoutes routes) {
    routes.tag("Users").callers(Caller.KEY)
        .get("/emsp/v1/users", "emsp:drivers:read", "Returns a paginated list of users in the network.", (ctx, p) -> {
          PageRequest page = PageRequest.from(ctx, EmspApi.DEFAULT_PAGE_SIZE);
          return drivers.page(p.scope(), page.pageSize(), page.offset())
              .map(found -> Reply.navigablePage(found.items().stream().map(UserEndpoints::render).toList(), page,
                  found.total()));
        })
        .create("/emsp/v1/users", "emsp:drivers:write", "Creates a new user/driver in the network.", "emsp-user-create",
            (ctx, p) -> create(p, BodySchemas.validated(ctx, "emsp-user-create")))
        .get("/emsp/v1/users/{id}", "emsp:drivers:read", "Returns a user including charging statistics.",
            (ctx, p) -> find(p, Params.pathUuid(ctx, "id")).map(u -> Reply.ok(render(u))))
        .put("/emsp/v1/users/{id}", "emsp:drivers:write", "Updates a user; only the fields given change.",
            "emsp-user-update", (ctx, p) -> update(p, Params.pathUuid(ctx, "id"), BodySchemas.validated(ctx, "emsp-user-update")));
  }

  private Future<DriverQueries.Driver> find(ApiPrincipal p, UUID id) {
    return drivers.find(p.scope(), id).map(found -> found.orElseThrow(() -> ApiException.notFound("User")));
  }

  private Future<Reply> create(ApiPrincipal p, JsonObject b) {
    UUID network = DriverAuthEndpoints.network(p, b);
    UUID id = UUID.randomUUID();
    String email = b.getString("email").trim();
    return drivers.emailTaken(network, email, null)
        .compose(taken -> taken ? Future.failedFuture(emailTaken())
            : drivers.create(new DriverQueries.NewDriver(id, network, email, b.getString("firstName"),
                b.getString("lastName"), b.getString("phoneNumber"), b.getString("address"), b.getString("city"),
                b.getString("state"), b.getString("postalCode"), b.getString("country"))))
        .compose(v -> find(p, id))
        .map(u -> Reply.created(render(u)));
  }

  private Future<Reply> update(ApiPrincipal p, UUID id, JsonObject b) {
    Patch patch = new Patch()
        .setIfPresent(b, "email", Field.EMAIL, v -> v.toString().trim())
        .setIfPresent(b, "firstName", Field.FIRST_NAME)
        .setIfPresent(b, "lastName", Field.LAST_NAME)
        .setIfPresent(b, "phoneNumber", Field.PHONE)
        .setIfPresent(b, "address", Field.ADDRESS)
        .setIfPresent(b, "city", Field.CITY)
        .setIfPresent(b, "state", Field.STATE)
        .setIfPresent(b, "postalCode", Field.POSTAL_CODE)
        .setIfPresent(b, "country", Field.COUNTRY)
        .set(Field.UPDATED_AT, OffsetDateTime.now(clock));
    return find(p, id)
        .compose(user -> b.getString("email") == null ? Future.succeededFuture()
            : drivers.emailTaken(user.networkId(), b.getString("email").trim(), id)
                .compose(taken -> taken ? Future.failedFuture(emailTaken()) : Future.succeededFuture()))
        .compose(v -> drivers.update(p.scope(), id, patch))
        .compose(updated -> find(p, id))
        .map(u -> Reply.ok(render(u)));
  }

  private static ApiException emailTaken() {
    return new ApiException(409, "email_taken", "The network already has a user with this e-mail");
  }

  static JsonObject render(DriverQueries.Driver u) {
    return new JsonObject()
        .put("id", u.id().toString())
        .put("email", u.email())
        .put("firstName", u.firstName())
        .put("lastName", u.lastName())
        .put("phoneNumber", u.phone())
        .put("address", u.address())
        .put("city", u.city())
        .put("state", u.state())
        .put("postalCode", u.postalCode())
        .put("country", u.country())
        .put("createdAt", Json.time(u.createdAt()))
        .put("lastUpdated", Json.time(u.updatedAt()))
        .put("totalSessions", u.totalSessions())
        .put("totalEnergyKwh", Json.number(u.totalEnergyKwh()))
        .put("totalSpent", Json.number(u.totalSpent()))
        .put("currency", u.currency());
  }
}
