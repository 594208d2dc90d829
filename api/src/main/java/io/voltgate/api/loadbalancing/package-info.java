/** The operator API's load-balancing endpoints over the load-balancing service ({@code services.loadbalancing}). */
package io.voltgate.api.loadbalancing;
