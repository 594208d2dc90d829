/** Gateway metrics (Micrometer). */
package io.voltgate.gateway.metrics;
