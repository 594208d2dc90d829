/**
 * Fraud holds (docs/fraud.md): {@link io.voltgate.services.fraud.FraudHolds} (the rule applied, holds
 * listed and cleared, each change followed by dropping the driver's cached Authorize answers),
 * {@link io.voltgate.services.fraud.FraudHoldVerticle} (its periodic sweep on each API node) and
 * {@link io.voltgate.services.fraud.FraudOptions}.
 */
package io.voltgate.services.fraud;
