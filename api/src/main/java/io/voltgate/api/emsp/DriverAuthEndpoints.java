package io.voltgate.api.emsp;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.family.ApiRoutes;
import io.voltgate.api.family.Caller;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.http.BodySchemas;
import io.voltgate.api.http.Json;
import io.voltgate.api.http.Reply;
import io.voltgate.services.drivers.DriverAccounts;
import io.voltgate.services.drivers.DriverProfile;
import io.voltgate.services.drivers.DriverRegistration;
import io.voltgate.services.drivers.DriverSession;
import io.voltgate.services.drivers.PasswordResets;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.UUID;

/**
 * Driver accounts, {@code /emsp/v1/auth/driver/*}: sign-up, login, refresh and password recovery
 * with any key of the family (an app calls them before anyone has logged in), the profile with the
 * driver's access token. An account belongs to one network: the API key's, or the {@code networkId}
 * of the body when the key serves several.
 */
public final class DriverAuthEndpoints {

  /** The seed's answer to forgot-password, whether or not the e-mail exists. */
  static final String RESET_REQUESTED = "If the email exists, a password reset link has been sent.";
  static final String PASSWORD_RESET = "The password has been reset. Log in with the new password.";

  private final DriverAccounts accounts;
  private final PasswordResets resets;

  public DriverAuthEndpoints(DriverAccounts accounts, PasswordResets resets) {
    this.accounts = Objects.requireNonNull(accounts);
    this.resets = Objects.requireNonNull(resets);
  }

  public void register(ApiRoutes routes) {
    String scope = "emsp:driver-accounts";
    routes.tag("Driver accounts").callers(Caller.ANY_KEY)
        .create("/emsp/v1/auth/driver/register", scope, "Register a new driver account", "emsp-driver-register",
            (ctx, p) -> {
              JsonObject b = BodySchemas.validated(ctx, "emsp-driver-register");
              return accounts.register(network(p, b), new DriverRegistration(b.getString("email"),
                      b.getString("password"), b.getString("firstName"), b.getString("lastName"),
                      b.getString("phoneNumber"), b.getString("address"), b.getString("city"), b.getString("state"),
                      b.getString("postalCode"), b.getString("country")))
                  .map(s -> Reply.created(session(s)));
            })
        .post("/emsp/v1/auth/driver/login", scope, "Login with email and password", "emsp-driver-login", (ctx, p) -> {
          JsonObject b = BodySchemas.validated(ctx, "emsp-driver-login");
          return accounts.login(network(p, b), b.getString("email"), b.getString("password"), source(ctx))
              .map(s -> Reply.ok(session(s)));
        })
        .post("/emsp/v1/auth/driver/refresh", scope, "Refresh access token using refresh token", "emsp-driver-refresh",
            (ctx, p) -> {
              JsonObject b = BodySchemas.validated(ctx, "emsp-driver-refresh");
              return accounts.refresh(network(p, b), b.getString("refreshToken")).map(s -> Reply.ok(session(s)));
            })
        .post("/emsp/v1/auth/driver/forgot-password", scope, "Request a password reset email",
            "emsp-driver-forgot-password", (ctx, p) -> {
              JsonObject b = BodySchemas.validated(ctx, "emsp-driver-forgot-password");
              return resets.forgotPassword(network(p, b), b.getString("email"), source(ctx))
                  .map(v -> Reply.ok(new JsonObject().put("message", RESET_REQUESTED)));
            })
        .post("/emsp/v1/auth/driver/reset-password", scope, "Reset password using token from email",
            "emsp-driver-reset-password", (ctx, p) -> {
              JsonObject b = BodySchemas.validated(ctx, "emsp-driver-reset-password");
              return resets.resetPassword(network(p, b), b.getString("token"), b.getString("newPassword"))
                  .map(v -> Reply.ok(new JsonObject().put("message", PASSWORD_RESET)));
            })
        .callers(Caller.DRIVER)
        .get("/emsp/v1/auth/driver/me", scope, "Get authenticated driver's profile",
            (ctx, p) -> accounts.me(p.driver().networkId(), p.driver().driverId()).map(d -> Reply.ok(profile(d))));
  }

  /**
   * The network an account request is for: the body's {@code networkId} (one the key serves, else
   * 404 as any id outside it), else the key's only network; 400 when the key serves several and the
   * body names none.
   */
  static UUID network(ApiPrincipal p, JsonObject body) {
    return p.targetNetwork(body.getString("networkId"));
  }

  private static String source(RoutingContext ctx) {
    return ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
  }

  private static JsonObject session(DriverSession s) {
    JsonObject out = new JsonObject()
        .put("accessToken", s.accessToken())
        .put("refreshToken", s.refreshToken())
        .put("expiresIn", s.expiresIn())
        .put("tokenType", "Bearer");
    if (s.driver() != null) {
      out.put("driver", new JsonObject()
          .put("id", s.driver().id().toString())
          .put("email", s.driver().email())
          .put("firstName", s.driver().firstName())
          .put("lastName", s.driver().lastName())
          .put("tokenUid", s.driver().tokenUid()));
    }
    return out;
  }

  /** The seed's profile, with its capitalised field names. */
  private static JsonObject profile(DriverProfile d) {
    JsonArray tokens = new JsonArray();
    d.tokens().forEach(t -> tokens.add(new JsonObject()
        .put("TokenUuid", t.id().toString()).put("Uid", t.uid()).put("TokenType", t.tokenType())));
    return new JsonObject()
        .put("id", d.id().toString())
        .put("Email", d.email())
        .put("FirstName", d.firstName())
        .put("LastName", d.lastName())
        .put("PhoneNumber", d.phoneNumber())
        .put("Address", d.address())
        .put("City", d.city())
        .put("State", d.state())
        .put("PostalCode", d.postalCode())
        .put("Country", d.country())
        .put("CreatedAt", d.createdAt() == null ? null : Json.time(d.createdAt().atOffset(ZoneOffset.UTC)))
        .put("tokens", tokens);
  }
}
