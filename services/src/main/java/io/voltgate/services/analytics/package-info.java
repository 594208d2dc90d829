/**
 * Analytics (docs/analytics.md): {@link io.voltgate.services.analytics.AnalyticsVerticle} keeps the
 * connection history and the utilization rollup (the session rollup is written with each CDR by
 * {@code services.billing.SessionBilling}); {@link io.voltgate.services.analytics.StatusRollup} turns
 * status reports into connector time per day; {@link io.voltgate.services.analytics.AnalyticsReports}
 * reads the rollups and computes totals, averages, growth, timelines and shares.
 */
package io.voltgate.services.analytics;
