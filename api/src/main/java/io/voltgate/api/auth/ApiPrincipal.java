package io.voltgate.api.auth;

import io.voltgate.api.http.ApiException;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The authenticated API key of a request.
 *
 * @param networkIds the networks the key may see, or null for an unrestricted first-party key
 */
public record ApiPrincipal(UUID keyId, String name, String family, Set<String> scopes, List<UUID> networkIds,
    int rateLimitPerHour, List<String> allowedIps) {

  public static final String CONTEXT_KEY = "voltgate.principal";

  public boolean unrestricted() {
    return networkIds == null;
  }

  public boolean hasScope(String scope) {
    return scopes.contains(scope) || scopes.contains("cpms:admin");
  }

  /** 403 unless the key carries the scope. */
  public void require(String scope) {
    if (!hasScope(scope)) {
      throw ApiException.forbidden("This API key lacks the scope " + scope);
    }
  }

  /** Whether a resource of this network is visible to the key (others answer 404). */
  public boolean sees(UUID networkId) {
    return networkIds == null || networkIds.contains(networkId);
  }

  /** The network filter for SQL ({@code network_id = ANY($n)}), or null when unrestricted. */
  public UUID[] networkFilter() {
    return networkIds == null ? null : networkIds.toArray(new UUID[0]);
  }
}
