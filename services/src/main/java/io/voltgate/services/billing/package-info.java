/**
 * Billing: the pure pricing engine ({@link io.voltgate.services.billing.PricingEngine}, no I/O) and the
 * service that turns completed sessions into priced transactions (CDRs) exactly once
 * ({@link io.voltgate.services.billing.BillingVerticle}).
 */
package io.voltgate.services.billing;
