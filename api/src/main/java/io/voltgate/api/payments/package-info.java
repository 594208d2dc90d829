/** Payment provider port (none enabled by default). */
package io.voltgate.api.payments;
