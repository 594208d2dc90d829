/** HTTP: operator and driver APIs, SSE, health and metrics. */
package io.voltgate.api;
