/**
 * Billing: the pure pricing engine ({@link io.voltgate.api.billing.PricingEngine}, no I/O) and the
 * service that turns completed sessions into priced transactions (CDRs) exactly once
 * ({@link io.voltgate.api.billing.BillingVerticle}).
 */
package io.voltgate.api.billing;
