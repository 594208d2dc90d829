/** Keeps the process's charger identity cache warm and consistent with the rest of the deployment. */
package io.voltgate.gateway.identity;
