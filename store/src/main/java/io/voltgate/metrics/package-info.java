/**
 * Names of every metric Voltgate exports under {@code voltgate_}, and their bounded tag values. The
 * meters themselves live next to the code they measure; docs/metrics.md lists them all.
 */
package io.voltgate.metrics;
