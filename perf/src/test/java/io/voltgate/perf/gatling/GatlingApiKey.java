package io.voltgate.perf.gatling;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * The key a Gatling simulation's HTTP requests carry: a dedicated key minted with {@code vg.apiKey}
 * (e.g. the bootstrap key, limited to 10,000 requests per hour) with {@code vg.apiKeyRateLimit}
 * requests per hour, so the limit does not bite during a run; revoked after it. With
 * {@code vg.apiKeyRateLimit=0}, or when minting fails, {@code vg.apiKey} itself.
 */
final class GatlingApiKey {

  private final Ocpp.Params p;
  private volatile String key;
  private volatile String mintedId;

  GatlingApiKey(Ocpp.Params p) {
    this.p = p;
    this.key = p.apiKey;
  }

  /** The key to send (read by the requests at run time). */
  String get() {
    return key;
  }

  /** Mints the dedicated key (blocking; from {@code Simulation.before()}). */
  void mint() {
    if (p.apiKey.isEmpty()) {
      throw new IllegalArgumentException("this simulation needs -Dvg.apiKey (e.g. VOLTGATE_BOOTSTRAP_API_KEY)");
    }
    if (p.apiKeyRateLimit == 0) {
      return;
    }
    JsonObject body = new JsonObject().put("name", "gatling " + p.idPrefix)
        .put("description", "minted by a Gatling simulation for one run; revoked at its end")
        .put("rateLimitPerHour", p.apiKeyRateLimit)
        .put("expiresAt", Instant.now().plusSeconds(p.durationS + 3_600L).toString());
    try {
      HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(p.apiUrl + "/cpms/v1/api-keys"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode())));
      if (r.statusCode() == 201) {
        JsonObject data = new JsonObject(r.body()).getJsonObject("data");
        key = data.getString("key");
        mintedId = data.getString("id");
        return;
      }
      System.out.println("gatling: could not mint an API key (" + r.statusCode() + " " + r.body() + "); using vg.apiKey");
    } catch (Exception e) {
      System.out.println("gatling: could not mint an API key (" + e + "); using vg.apiKey");
    }
  }

  /** Revokes the minted key (from {@code Simulation.after()}). */
  void revoke() {
    String id = mintedId;
    if (id == null) {
      return;
    }
    try {
      send(HttpRequest.newBuilder(URI.create(p.apiUrl + "/cpms/v1/api-keys/" + id)).DELETE());
    } catch (Exception e) {
      System.out.println("gatling: could not revoke the run's API key: " + e);
    }
  }

  private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    HttpRequest req = b.header("X-API-Key", p.apiKey).timeout(Duration.ofSeconds(10)).build();
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
        .send(req, HttpResponse.BodyHandlers.ofString());
  }
}
