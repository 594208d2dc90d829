package io.voltgate.services.drivers;

import io.vertx.core.Future;
import io.voltgate.store.model.ContractIds;
import io.voltgate.store.query.NetworkQueries;
import io.voltgate.store.query.Scope;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.UUID;

/**
 * New eMI3 contract ids ({@code CC-PPP-XXXXXXXXX-C}, with the check digit) of a network, for the
 * tokens of eMSP drivers and the charging keys of EMP partners alike: the network's country (ZZ when
 * it has none) and a provider id from its settings ({@code contractProviderId}), else the first
 * three letters or digits of its name.
 */
public final class ContractIdIssuer {

  private final NetworkQueries networks;

  public ContractIdIssuer(NetworkQueries networks) {
    this.networks = Objects.requireNonNull(networks);
  }

  /** A new contract id of the network; fails with {@link NoSuchElementException} for an unknown network. */
  public Future<String> next(UUID networkId) {
    return networks.settings(Scope.unrestricted(), networkId).map(found -> {
      NetworkQueries.Settings n = found.orElseThrow(() -> new NoSuchElementException("network " + networkId));
      String country = n.country() == null || n.country().isBlank() ? "ZZ" : n.country().trim();
      String provider = n.settings().getString("contractProviderId");
      if (provider == null || !provider.matches("[A-Za-z0-9]{3}")) {
        String letters = n.name().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
        provider = (letters + "XXX").substring(0, 3);
      }
      return ContractIds.generate(country, provider);
    });
  }
}
