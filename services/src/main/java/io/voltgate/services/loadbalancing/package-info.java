/** Site load balancing: allocation, settings, triggers. */
package io.voltgate.services.loadbalancing;
