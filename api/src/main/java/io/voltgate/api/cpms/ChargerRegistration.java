package io.voltgate.api.cpms;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.voltgate.api.auth.ApiPrincipal;
import io.voltgate.api.cpms.fleet.ChargerSecrets;
import io.voltgate.api.cpms.fleet.Conflicts;
import io.voltgate.api.cpms.fleet.NetworkScope;
import io.voltgate.api.cpms.fleet.OcppStatus;
import io.voltgate.api.http.ApiException;
import io.voltgate.api.http.Reply;
import io.voltgate.store.identity.CredentialDigest;
import io.voltgate.store.identity.VerifiedCredentials;
import io.voltgate.store.query.ChargerQueries;
import io.voltgate.store.query.FirmwareQueries;
import io.voltgate.store.query.LocationQueries;
import io.voltgate.store.query.NetworkQueries;
import io.voltgate.store.security.ChargerPasswords;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /cpms/v1/chargers}: registers a charger on one of the key's networks, with security
 * profile 1 unless asked otherwise. For profiles 1 and 2 a Basic-auth password is generated, stored
 * as bcrypt (hashed on a worker thread) and shown once in the response; being known right, it is also
 * remembered as verified (see {@link VerifiedCredentials}), so the charger's first connection needs no
 * bcrypt check.
 */
final class ChargerRegistration {

  private static final Logger LOG = LoggerFactory.getLogger(ChargerRegistration.class);
  private static final int EVSE_CODE_ATTEMPTS = 3;
  static final int DEFAULT_SECURITY_PROFILE = 1;

  private final ChargerQueries chargers;
  private final LocationQueries locations;
  private final NetworkQueries networks;
  private final FirmwareQueries catalog;
  private final Vertx vertx;
  private final Redis redis;
  private final CredentialDigest digests;

  ChargerRegistration(ChargerQueries chargers, LocationQueries locations, NetworkQueries networks, FirmwareQueries catalog,
      Vertx vertx, Redis redis, CredentialDigest digests) {
    this.chargers = Objects.requireNonNull(chargers);
    this.locations = Objects.requireNonNull(locations);
    this.networks = Objects.requireNonNull(networks);
    this.catalog = Objects.requireNonNull(catalog);
    this.vertx = Objects.requireNonNull(vertx);
    this.redis = Objects.requireNonNull(redis);
    this.digests = Objects.requireNonNull(digests);
  }

  /** What the request resolved to before the insert. */
  private record Plan(UUID network, UUID location, UUID model, String vendor, String modelName) {
  }

  Future<Reply> register(ApiPrincipal p, JsonObject body) {
    String serial = body.getString("serial");
    String status = body.getString("status") == null ? "Unknown" : OcppStatus.parse(body.getString("status"), "status");
    // Profile 1 unless the operator opts this charger out: a charger without credentials can be
    // impersonated by any socket that knows its id.
    int profile = body.getInteger("securityProfile", DEFAULT_SECURITY_PROFILE);
    String password = profile == 1 || profile == 2 ? ChargerSecrets.password() : null;
    return NetworkScope.resolve(networks, p, uuid(body, "networkUuid"), "networkUuid")
        .compose(network -> plan(p, network, uuid(body, "locationUuid"), uuid(body, "modelUuid")))
        .compose(plan -> hash(password).compose(h -> insert(plan, body, serial, status, profile, h, 1)
                .compose(created -> rememberVerified(serial, h, password).map(created)))
            .compose(created -> ChargerChangeNotice.created(redis, serial).map(created)).map(created -> {
          JsonObject data = new JsonObject()
              .put("id", created.id().toString())
              .put("uid", serial)
              .put("evseId", created.evseCode())
              .put("serialNumber", serial)
              .put("status", OcppStatus.render(status))
              .put("networkId", plan.network().toString())
              .put("locationId", plan.location() == null ? null : plan.location().toString())
              .put("modelId", plan.model() == null ? null : plan.model().toString())
              .put("securityProfile", profile)
              .put("created", true);
          if (password != null) {
            data.put("password", password)
                .put("message", "Configure this Basic-auth password on the charger (username = uid)."
                    + " It will not be shown again.");
          }
          return Reply.created(data);
        }));
  }

  /**
   * The generated password is known to be right: remembered as verified (the keyed digest in Redis,
   * as a gateway node does after a bcrypt check), so the charger's first connection within a day
   * costs no bcrypt either. Best effort: without it the first connection pays one bcrypt.
   */
  private Future<Void> rememberVerified(String chargePointId, String hash, String password) {
    if (password == null) {
      return Future.succeededFuture();
    }
    return redis.send(VerifiedCredentials.remember(chargePointId, digests.of(hash, password)))
        .<Void>mapEmpty()
        .otherwise(e -> {
          LOG.debug("verified credential of {} not remembered: {}", chargePointId, e.getMessage());
          return null;
        });
  }

  /** bcrypt is slow on purpose: it runs on a worker thread, and only once the request is valid. */
  private Future<String> hash(String password) {
    return password == null ? Future.succeededFuture()
        : vertx.executeBlocking(() -> ChargerPasswords.hash(password), false);
  }

  private Future<Plan> plan(ApiPrincipal p, UUID network, UUID location, UUID model) {
    Future<UUID> loc = location == null ? Future.succeededFuture() : locations.networkOf(p.scope(), location)
        .compose(found -> {
          if (found.isEmpty()) {
            return Future.failedFuture(ApiException.notFound("Location"));
          }
          if (!network.equals(found.get())) {
            return Future.failedFuture(ApiException.badRequest("locationUuid", "locationUuid is on another network"));
          }
          return Future.succeededFuture(location);
        });
    return loc.compose(l -> model == null ? Future.succeededFuture(new Plan(network, l, null, null, null))
        // Global models and the charger's network's own; another network's model is unknown here.
        : catalog.modelById(network, model)
            .compose(found -> {
              if (found.isEmpty()) {
                return Future.failedFuture(ApiException.notFound("Charger model"));
              }
              FirmwareQueries.ChargerModel m = found.get();
              String vendor = m.vendor().isEmpty() ? null : m.vendor();
              return Future.succeededFuture(new Plan(network, l, model, vendor, m.model()));
            }));
  }

  /** A registered charger's id and EVSE code. */
  private record Created(UUID id, String evseCode) {
  }

  private Future<Created> insert(Plan plan, JsonObject body, String serial, String status, int profile, String hash,
      int attempt) {
    UUID id = UUID.randomUUID();
    return chargers.register(new ChargerQueries.New(id, plan.network(), plan.location(), serial, serial, status,
            body.getString("firmwareVersion"), body.getString("ocppVersion"), (short) profile, hash, plan.model(),
            plan.vendor(), plan.modelName(), ChargerSecrets.evseCode(), body.getBoolean("isPublic", true)))
        .map(evseCode -> new Created(id, evseCode))
        .recover(e -> {
          if (Conflicts.isUniqueViolation(e, "chargers_evse_code_idx") && attempt < EVSE_CODE_ATTEMPTS) {
            return insert(plan, body, serial, status, profile, hash, attempt + 1);
          }
          if (Conflicts.isUniqueViolation(e, "chargers_cpid_live_idx")) {
            return Future.failedFuture(ApiException.conflict("A charger with uid " + serial + " is already registered"));
          }
          return Future.failedFuture(e);
        });
  }

  private static UUID uuid(JsonObject body, String key) {
    String raw = body.getString(key);
    return raw == null ? null : UUID.fromString(raw);
  }
}
