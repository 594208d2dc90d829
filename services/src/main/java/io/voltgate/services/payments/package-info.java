/** Payment provider port (none enabled by default). */
package io.voltgate.services.payments;
